import { createHash } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Orm } from '../../lib/database';
import { ServiceCase } from '../../entities';
import type { ServiceCaseView } from '../../workflows/service/messages';
import type { Partners } from '../adapters/partners';

export interface TicketRequest {
  idempotencyKey: string;
  workflowId: string;
  caseId: string;
  customerId: string;
  subject: string;
  description: string;
  priority: 'normal' | 'high';
  tags: string[];
}

export function createServiceActivities({ orm, partners }: { orm: Orm; partners: Partners }) {
  return {
    /** Opens the case's one helpdesk ticket (the key makes a retry the same ticket); answers the ticket id. */
    async openTicket(request: TicketRequest): Promise<{ ticketId: string }> {
      const result = await partners.openTicket(request.idempotencyKey, request.workflowId, {
        subject: request.subject,
        description: request.description,
        requesterId: request.customerId,
        externalId: request.caseId,
        priority: request.priority,
        tags: request.tags,
      });
      const ticket = result.response.ticket as { id?: string | number } | undefined;
      // In sandbox mode nothing answers: a stable stand-in id derived from the key.
      const ticketId = ticket?.id !== undefined ? String(ticket.id) : `sandbox-${createHash('sha256').update(request.idempotencyKey).digest('hex').slice(0, 10)}`;
      return { ticketId };
    },

    /** Keeps the MySQL projection of a case in step; `version` grows with each change, so a late one never wins. */
    async projectServiceCase(update: { version: number; view: ServiceCaseView }): Promise<void> {
      const em = orm.em.fork();
      const { view } = update;
      const date = (iso?: string) => (iso ? new Date(iso) : null);
      const fields = {
        status: view.status,
        ticketId: view.ticketId ?? null,
        firstRespondedAt: date(view.firstRespondedAt),
        resolvedAt: date(view.resolvedAt),
        customerAnswer: view.customerAnswer ?? null,
        needsAttention: view.needsAttention,
        projectionVersion: update.version,
      };
      const updated = await em.nativeUpdate(ServiceCase, { id: view.caseId, projectionVersion: { $lt: update.version } }, fields);
      if (updated > 0 || (await em.findOne(ServiceCase, { id: view.caseId }))) return;
      try {
        await em.insert(ServiceCase, {
          id: view.caseId,
          customerId: view.customerId,
          orderId: view.orderId ?? null,
          origin: view.origin,
          firstResponseDueBy: new Date(view.firstResponseDueBy),
          createdAt: new Date(),
          updatedAt: new Date(),
          ...fields,
        });
      } catch (error) {
        if (!(error instanceof UniqueConstraintViolationException)) throw error;
        await em.nativeUpdate(ServiceCase, { id: view.caseId, projectionVersion: { $lt: update.version } }, fields);
      }
    },
  };
}
