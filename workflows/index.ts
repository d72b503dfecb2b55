export { orderJourneyWorkflow } from './order/workflow';
export { shipmentWorkflow } from './shipment/workflow';
export { returnWorkflow } from './returns/workflow';
