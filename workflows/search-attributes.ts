import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Custom search attributes operators filter on in the Temporal UI. No personal data goes in here. */
export const OrderId = defineSearchAttributeKey('OrderId', SearchAttributeType.KEYWORD);
export const CustomerId = defineSearchAttributeKey('CustomerId', SearchAttributeType.KEYWORD);
export const JourneyStage = defineSearchAttributeKey('JourneyStage', SearchAttributeType.KEYWORD);
export const Carrier = defineSearchAttributeKey('Carrier', SearchAttributeType.KEYWORD_LIST);
export const TrackingNumbers = defineSearchAttributeKey('TrackingNumbers', SearchAttributeType.KEYWORD_LIST);
export const DestinationCountry = defineSearchAttributeKey('DestinationCountry', SearchAttributeType.KEYWORD);
export const ExceptionKind = defineSearchAttributeKey('ExceptionKind', SearchAttributeType.KEYWORD);
/** When the current exception began: lets operators filter "held at customs for more than 2 days". */
export const ExceptionSince = defineSearchAttributeKey('ExceptionSince', SearchAttributeType.DATETIME);
export const NeedsAttention = defineSearchAttributeKey('NeedsAttention', SearchAttributeType.BOOL);
export const ReturnStatus = defineSearchAttributeKey('ReturnStatus', SearchAttributeType.KEYWORD);

export const allSearchAttributes = [
  OrderId,
  CustomerId,
  JourneyStage,
  Carrier,
  TrackingNumbers,
  DestinationCountry,
  ExceptionKind,
  ExceptionSince,
  NeedsAttention,
  ReturnStatus,
];
