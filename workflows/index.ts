export { orderJourneyWorkflow } from './order/workflow';
export { shipmentWorkflow } from './shipment/workflow';
export { customerWorkflow } from './customer/workflow';
export { rfmBoundariesWorkflow } from './customer/rfm-schedule';
export { feedbackWorkflow } from './feedback/workflow';
export { serviceCaseWorkflow } from './service/workflow';
export { returnWorkflow } from './returns/workflow';
