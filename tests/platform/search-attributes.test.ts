import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inject } from 'vitest';
import { ensureSearchAttributes } from '../../lib/search-attributes';
import { eventually } from '../support/harness';

let connection: Connection;
beforeAll(async () => {
  connection = await Connection.connect({ address: inject('temporalAddress') });
});
afterAll(() => connection?.close());

it('registers the custom search attributes on an existing cluster namespace that lacks them, once', async () => {
  const namespace = `sa-${randomUUID().slice(0, 8)}`;
  await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
  const client = new Client({ connection, namespace });
  const added = await eventually(() => ensureSearchAttributes(client, namespace), 20_000, 500);
  expect(added.sort()).toEqual(['Carrier', 'CustomerId', 'DestinationCountry', 'ExceptionKind', 'ExceptionSince', 'JourneyStage', 'NeedsAttention', 'OrderId', 'ReturnStatus', 'TrackingNumbers']);
  const listed = await connection.operatorService.listSearchAttributes({ namespace });
  expect(Object.keys(listed.customAttributes ?? {})).toEqual(expect.arrayContaining(added));
  expect(await ensureSearchAttributes(client, namespace)).toEqual([]);
});
