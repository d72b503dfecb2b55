import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShipmentView } from '../../workflows/shipment/messages';
import { createHarness, eventually, listWorkflows, type Harness } from '../support/harness';
import { actionLinkIn, journeys } from '../support/journeys';
import { postCarrierEvents, scan } from '../support/webhooks';

let h: Harness;
let j: ReturnType<typeof journeys>;
beforeAll(async () => {
  h = await createHarness(__filename, {
    policy: { shipment: { customsReminderInterval: '1 second', customsMaxReminders: 2, customsEscalateAfter: '2 seconds', customsAbandonAfter: '1 hour' } },
  });
  j = journeys(h);
});
afterAll(() => h?.close());

const crossBorder = (shipment: Record<string, unknown> = {}) => ({ originCountry: 'US', policy: { shipment } });
const refundsFor = (orderId: string) => h.partners.refundsFor(orderId);
const customsAction = (path: string, token: string | undefined, action: string) =>
  h.request(`${path}${token ? `?token=${token}` : ''}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ action }) });

describe('customs holds', () => {
  it('asks for documents with a signed link, reminds, and resumes once the customer provides them', async () => {
    const { orderId, parcel, shipmentId } = await j.shippedOrder(crossBorder({ customsEscalateAfter: '1 hour' }));
    await postCarrierEvents(h, parcel, [
      scan('in_transit', { milestone: 'export_cleared' }),
      scan('in_transit', { milestone: 'arrived_destination_country' }),
      scan('in_transit', { milestone: 'customs_started' }),
      scan('exception', { exceptionKind: 'customs_documents_required', description: 'Commercial invoice required' }),
    ]);
    const [request] = await eventually(() => {
      const sent = j.messages(orderId, 'customs_documents_required');
      expect(sent).toHaveLength(1);
      return sent;
    });
    await eventually(() => expect(j.messages(orderId, 'customs_reminder').length).toBeGreaterThanOrEqual(1), 10_000);
    const held = await listWorkflows(h, `ExceptionKind = 'customs_documents_required' AND DestinationCountry = 'DE' AND TrackingNumbers = '${parcel.trackingNumber}'`);
    expect(held.map((w) => w.workflowId)).toEqual([shipmentId]);

    const link = actionLinkIn(request);
    expect(link.path).toBe(`/v1/shipments/${shipmentId}/customs-actions`);
    const customerPage = await h.request(`/shipments/${shipmentId}/customs?token=${link.token}`);
    expect(customerPage.status).toBe(200);
    expect(await customerPage.text()).toContain('I have sent the documents');
    expect((await h.request(`/shipments/${shipmentId}/address?token=${link.token}`)).status).toBe(404); // a customs link is not an address link
    const acted = await customsAction(link.path, link.token, 'documents_provided');
    expect(acted.status).toBe(200);
    const view = (await acted.json()) as ShipmentView;
    expect(view.cases[0]).toMatchObject({ kind: 'customs_documents_required', waitingFor: 'carrier', actions: [{ action: 'documents_provided', by: 'customer' }] });
    await eventually(() => expect(h.partners.effectsOf('carriers').filter((c) => c.path === '/v1/customs/actions' && c.body.tracking_number === parcel.trackingNumber)).toHaveLength(1));

    await postCarrierEvents(h, parcel, [scan('in_transit', { milestone: 'customs_released' }), scan('delivered')]);
    const final = await j.completed(orderId);
    expect(final.stage).toBe('delivered');
    const shipment = await j.getShipment(shipmentId);
    expect(shipment.legs.map((l) => l.milestone)).toEqual(['export_cleared', 'arrived_destination_country', 'customs_started', 'customs_released']);
    expect(shipment.cases[0].outcome).toBe('resolved');
    expect(refundsFor(orderId)).toHaveLength(0);
  });

  it('takes duties payment through the link, tells the broker, and escalates a hold that drags on', async () => {
    const { orderId, parcel, shipmentId } = await j.shippedOrder(crossBorder({ customsReminderInterval: '1 hour' }));
    await postCarrierEvents(h, parcel, [scan('exception', { exceptionKind: 'customs_duties_owed', description: 'Import VAT due' })]);
    const [payLink] = await eventually(() => {
      const sent = j.messages(orderId, 'customs_duties_owed');
      expect(sent).toHaveLength(1);
      return sent;
    });
    const link = actionLinkIn(payLink);
    expect((await customsAction(link.path, link.token, 'documents_provided')).status).toBe(409);
    expect((await customsAction(link.path, link.token, 'duties_paid')).status).toBe(200);
    await eventually(async () => expect((await j.getShipment(shipmentId)).attentionReasons).toContain('customs_hold_escalated'), 10_000);
    await eventually(() => expect(h.partners.effectsOf('ops').filter((a) => a.body.workflow_id === shipmentId)).toHaveLength(1));
    await eventually(() => expect(h.partners.effectsOf('carriers').filter((c) => c.body.action === 'duties_paid' && c.body.tracking_number === parcel.trackingNumber)).toHaveLength(1));
  });

  it('abandons an unclaimed hold: returned to sender and refunded exactly once', async () => {
    const { orderId, parcel, shipmentId } = await j.shippedOrder(crossBorder({ customsAbandonAfter: '5 seconds' }));
    await postCarrierEvents(h, parcel, [scan('exception', { exceptionKind: 'customs_documents_required' })]);
    const final = await j.completed(orderId);
    expect(final.stage).toBe('not_delivered');
    expect(final.parcels[0]).toMatchObject({ stage: 'returned_to_sender', resolution: { action: 'refund', reason: 'abandoned_at_customs', refundStatus: 'refunded', refundMinor: 3399 } });
    expect(refundsFor(orderId)).toHaveLength(1);
    expect(refundsFor(orderId)[0].body).toMatchObject({ amount: 3399 });
    expect(j.messages(orderId, 'customs_reminder')).toHaveLength(2);
    await eventually(() => expect(j.messages(orderId, 'parcel_returned')).toHaveLength(1));
    expect(j.messages(orderId, 'parcel_refunded')).toHaveLength(1);
    const shipment = await j.getShipment(shipmentId);
    expect(shipment.cases[0]).toMatchObject({ outcome: 'abandoned', escalated: true });
  });

  it('lets the customer abandon a duties hold, which refunds once and then refuses further actions', async () => {
    const { orderId, parcel } = await j.shippedOrder(crossBorder());
    await postCarrierEvents(h, parcel, [scan('exception', { exceptionKind: 'customs_duties_owed' })]);
    const link = actionLinkIn((await eventually(() => j.messages(orderId, 'customs_duties_owed').at(0) ?? Promise.reject(new Error('not yet'))))!);
    expect((await customsAction(link.path, link.token, 'abandon')).status).toBe(200);
    const again = await customsAction(link.path, link.token, 'abandon');
    expect(again.status).toBe(409);
    expect(((await again.json()) as { reason: string }).reason).toBe('shipment_finished');
    await j.completed(orderId);
    expect(refundsFor(orderId)).toHaveLength(1);
  });

  it('refunds a parcel customs refused as prohibited', async () => {
    const { orderId, parcel } = await j.shippedOrder(crossBorder());
    await postCarrierEvents(h, parcel, [scan('exception', { exceptionKind: 'customs_prohibited', description: 'Lithium batteries not allowed' })]);
    const final = await j.completed(orderId);
    expect(final.parcels[0].resolution).toMatchObject({ action: 'refund', reason: 'refused_by_customs', refundStatus: 'refunded' });
    expect(j.messages(orderId, 'customs_prohibited')).toHaveLength(1);
    expect(refundsFor(orderId)).toHaveLength(1);
  });

  it('accepts customs actions only with a valid link for that parcel or an API key', async () => {
    const { orderId, parcel, shipmentId } = await j.shippedOrder(crossBorder());
    const other = await j.shippedOrder(crossBorder());
    const path = `/v1/shipments/${shipmentId}/customs-actions`;
    expect((await customsAction(path, undefined, 'abandon')).status).toBe(401);
    expect((await customsAction(path, 'forged.token', 'abandon')).status).toBe(401);
    const noHold = await h.api('POST', path, { action: 'abandon' });
    expect(noHold.status).toBe(409);
    expect(noHold.body.reason).toBe('no_customs_hold');

    await postCarrierEvents(h, other.parcel, [scan('exception', { exceptionKind: 'customs_duties_owed' })]);
    const otherLink = actionLinkIn((await eventually(() => j.messages(other.orderId, 'customs_duties_owed').at(0) ?? Promise.reject(new Error('not yet'))))!);
    expect((await customsAction(path, otherLink.token, 'abandon')).status).toBe(401);
    expect((await h.api('POST', path, { action: 'pay' })).status).toBe(400);
    expect((await j.getShipment(shipmentId)).stage).toBe('shipped');
    expect(refundsFor(orderId)).toHaveLength(0);
    void parcel;
  });
});
