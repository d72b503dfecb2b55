import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { allSearchAttributes } from '../workflows/search-attributes';

const indexedType = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  KEYWORD_LIST: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
  BOOL: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  DATETIME: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
} as Record<string, temporal.api.enums.v1.IndexedValueType>;

/**
 * On an existing cluster (TEMPORAL_ADDRESS), registers the custom search attributes that are missing.
 * Returns the names it added; a cluster that does not allow it (e.g. Temporal Cloud) gets a clear message.
 */
export async function ensureSearchAttributes(client: Client, namespace: string): Promise<string[]> {
  const existing = await client.connection.operatorService.listSearchAttributes({ namespace });
  const known = new Set(Object.keys(existing.customAttributes ?? {}));
  const missing = allSearchAttributes.filter((key) => !known.has(key.name));
  if (missing.length === 0) return [];
  try {
    await client.connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((key) => [key.name, indexedType[key.type]])),
    });
  } catch (error) {
    throw new Error(
      `Search attributes ${missing.map((k) => k.name).join(', ')} are missing in namespace ${namespace} and could not be added ` +
        `(${(error as Error).message}). Register them with \`temporal operator search-attribute create\` (see README).`,
    );
  }
  return missing.map((key) => key.name);
}
