import type { ExceptionKind, Milestone } from '../../workflows/shipment/tracking';

/**
 * What a carrier's free-text scan message tells us when its status code does not. Codes such as EasyPost's
 * `held` or AfterShip's `Exception_004` say "customs hold" but not why, and each reason needs a different
 * action from the customer, so the message decides. Tables are ordered: the first match wins, the most
 * actionable reason first (a message naming duties and documents asks for payment before paperwork).
 */
const customsReasons: readonly [RegExp, ExceptionKind][] = [
  [/prohibit|restricted (item|goods|commodit)|inadmissible|not admissible|seiz|confiscat|dangerous goods/i, 'customs_prohibited'],
  // "tax id" is paperwork, not money owed.
  [/\bdut(y|ies)\b|\btax(es)?\b(?! ?id)|\bvat\b|\bgst\b|import (fee|charge)s?|customs (fee|charge)s?|(awaiting|pending|requires?|required) payment|payment (is )?(required|due|pending)/i, 'customs_duties_owed'],
  [/document|paperwork|invoice|certificate|licen[cs]e|permit|importer|eori|tax ?id|(missing|additional|incomplete|incorrect) (info|information|details)|declaration/i, 'customs_documents_required'],
  [/inspect|examin|x-?ray/i, 'customs_inspection'],
];

const mentionsCustoms = /customs|clearance|border|regulatory agenc/i;
const mentionsAddress = /address/i;
const customsKinds: readonly ExceptionKind[] = ['customs_documents_required', 'customs_duties_owed', 'customs_inspection', 'customs_prohibited'];

/**
 * Sharpens a table's exception kind with the message. A stated customs reason always wins; a bare "held by
 * customs" turns a non-customs kind into an inspection hold (customs has it, reason unknown) but never
 * overrides a customs kind the code already named; an address mention sharpens only the catch-all `other`.
 */
export function refineExceptionKind(kind: ExceptionKind, message: string | undefined): ExceptionKind {
  if (!message) return kind;
  const stated = customsReasons.find(([pattern]) => pattern.test(message))?.[1];
  if (stated) return stated;
  if (mentionsCustoms.test(message) && !customsKinds.includes(kind)) return 'customs_inspection';
  if (kind === 'other' && mentionsAddress.test(message)) return 'address_problem';
  return kind;
}

/** Cross-border legs named in scan text; released is tested before started ("clearance processing complete"). */
const milestonesByMessage: readonly [RegExp, Milestone][] = [
  [/export.{0,40}(clear|releas)|(clear|releas).{0,40}export/i, 'export_cleared'],
  [/(customs|clearance|import).{0,40}(complete|cleared|released|finished)|(cleared|released|out of) .{0,20}customs|release.{0,10}import/i, 'customs_released'],
  [/(customs|clearance).{0,30}(start|began|begun|in progress|processing|status updated|event)|(handed|submitted|presented|into) .{0,20}customs|(available|awaiting) (for )?(customs )?clearance/i, 'customs_started'],
  [/arriv.{0,40}(destination country|country of destination)|(inward|destination) office of exchange|arrived in (the )?destination/i, 'arrived_destination_country'],
  [/depart.{0,40}(origin country|country of origin)|outward office of exchange|international (dispatch|flight)|handed (over )?to (the )?airline/i, 'line_haul'],
];

export function milestoneFromMessage(message: string | undefined): Milestone | undefined {
  return message ? milestonesByMessage.find(([pattern]) => pattern.test(message))?.[1] : undefined;
}
