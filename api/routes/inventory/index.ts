import { randomUUID } from 'node:crypto';
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { setStockLevel } from '../../../activities/inventory/stock';
import { stockView } from '../../../activities/returns/records';
import { StockLevel } from '../../../entities';
import { byKey } from '../../auth';
import type { AppEnv } from '../../context';
import { validationHook } from '../../hooks';
import { problems } from '../../problem';
import { jsonBody, jsonContent, keyProblems, problemContent } from '../../schemas/common';
import { SetStockSchema, SkuParam, StockLevelSchema } from '../../schemas/returns';

const setStock = createRoute({
  method: 'put',
  path: '/v1/inventory/{sku}',
  tags: ['inventory'],
  summary: "Set a sku's on-hand stock, reorder point and reorder quantity, and optionally its unit price (the merchant's systems stay the source)",
  ...byKey('warehouse'),
  request: {
    params: SkuParam,
    headers: z.object({ 'idempotency-key': z.string().max(128).optional().openapi({ description: 'Repeat-safe key; the same key is applied once' }) }),
    body: jsonBody(SetStockSchema),
  },
  responses: { ...keyProblems, 200: jsonContent(StockLevelSchema, 'The stock level now'), 400: problemContent('Invalid body') },
});

const getStock = createRoute({
  method: 'get',
  path: '/v1/inventory/{sku}',
  tags: ['inventory'],
  summary: "A sku's stock: on hand, reserved, expected back from returns, reorder settings",
  ...byKey('warehouse', 'operator'),
  request: { params: SkuParam },
  responses: { ...keyProblems, 200: jsonContent(StockLevelSchema, 'The stock level'), 404: problemContent('No stock recorded for this sku') },
});

export const inventoryApi = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(setStock, async (c) => {
    const { sku } = c.req.valid('param');
    const idempotencyKey = `merchant:${sku}:${c.req.valid('header')['idempotency-key'] ?? randomUUID()}`;
    const stock = await setStockLevel(c.get('deps').orm, { sku, ...c.req.valid('json'), idempotencyKey, by: c.get('keyId') ?? 'merchant' });
    return c.json(stockView(stock), 200);
  })
  .openapi(getStock, async (c) => {
    const { sku } = c.req.valid('param');
    const stock = await c.get('deps').orm.em.fork().findOne(StockLevel, { sku });
    if (!stock) throw problems.notFound(`No stock recorded for ${sku}.`);
    return c.json(stockView(stock), 200);
  });
