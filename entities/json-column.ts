import { JsonType, type Platform, type TransformContext } from '@mikro-orm/core';

/**
 * JSON objects and arrays on both MySQL 8 and MariaDB 10.11. MySQL's JSON columns come back parsed from mysql2;
 * MariaDB's JSON is LONGTEXT underneath and comes back as a string, which the stock type passes through as is.
 */
export class JsonColumn extends JsonType {
  override convertToJSValue(value: unknown, platform: Platform, context?: TransformContext): unknown {
    if (typeof value === 'string') return JSON.parse(value);
    return super.convertToJSValue(value as string, platform, context);
  }
}
