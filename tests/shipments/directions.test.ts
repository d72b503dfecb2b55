import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvePolicy } from '../../workflows/policy';
import { shipmentWorkflowId, type ShipmentInput, type ShipmentView } from '../../workflows/shipment/messages';
import { createHarness, eventually, uniqueId, type Harness } from '../support/harness';
import { journeys } from '../support/journeys';
import { postCarrierEvents, scan } from '../support/webhooks';

let h: Harness;
let j: ReturnType<typeof journeys>;
beforeAll(async () => {
  h = await createHarness(__filename);
  j = journeys(h);
});
afterAll(() => h?.close());

const refundsFor = (orderId: string) => h.partners.refundsFor(orderId);

/** A return parcel (customer -> warehouse) for an order, started the way the returns journey starts it. */
async function startReturnParcel(orderId: string, customerId: string) {
  const parcel = { carrier: 'dhl', trackingNumber: `RT${Date.now()}${Math.floor(Math.random() * 1000)}` };
  const shipmentId = shipmentWorkflowId(parcel.carrier, parcel.trackingNumber);
  const policy = resolvePolicy(h.config.policy);
  const input: ShipmentInput = {
    shipmentId,
    orderId,
    requestorWorkflowId: `order-${orderId}`,
    direction: 'return',
    customerId,
    ...parcel,
    items: [{ sku: 'MUG-BLUE', quantity: 1 }],
    destinationCountry: 'DE',
    crossBorder: false,
    policy: { shipment: policy.shipment, activities: policy.activities },
  };
  const handle = await h.client.workflow.start('shipmentWorkflow', { taskQueue: h.taskQueue, workflowId: shipmentId, args: [input] });
  return { parcel, shipmentId, handle };
}

describe('shipment directions', () => {
  it('a return parcel sent back to the customer asks for no refund and sends the customer nothing', async () => {
    const { orderId, parcel: outbound, body } = await j.shippedOrder();
    await postCarrierEvents(h, outbound, [scan('delivered')]);
    await j.completed(orderId);
    const messagesBefore = j.messages(orderId).length;

    const { parcel, handle } = await startReturnParcel(orderId, body.customer.id);
    await postCarrierEvents(h, parcel, [scan('in_transit'), scan('exception', { exceptionKind: 'failed_attempt' }), scan('returned_to_sender')]);
    const view = (await handle.result()) as ShipmentView;
    expect(view).toMatchObject({ direction: 'return', stage: 'returned_to_sender' });
    expect(refundsFor(orderId)).toHaveLength(0);
    expect(j.messages(orderId)).toHaveLength(messagesBefore);
  });

  it('a delivered return parcel has reached the warehouse: it completes without a refund or a customer message', async () => {
    const orderId = uniqueId('ord');
    const { parcel, handle, shipmentId } = await startReturnParcel(orderId, uniqueId('cus'));
    await postCarrierEvents(h, parcel, [scan('in_transit'), scan('delivered')]);
    const view = (await handle.result()) as ShipmentView;
    expect(view).toMatchObject({ shipmentId, direction: 'return', stage: 'delivered' });
    expect(refundsFor(orderId)).toHaveLength(0);
    expect(j.messages(orderId)).toHaveLength(0);
  });

  it('an outbound parcel sent back to the sender is refunded by the order that started it', async () => {
    const { orderId, parcel, shipmentId } = await j.shippedOrder();
    await postCarrierEvents(h, parcel, [scan('in_transit'), scan('returned_to_sender')]);
    await eventually(() => expect(refundsFor(orderId)).toHaveLength(1));
    expect((await j.getShipment(shipmentId)).direction).toBe('outbound');
  });
});
