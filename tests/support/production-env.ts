/** A high-variety secret of 40+ bytes, labelled so a failing message shows which one it is. */
export const strongSecret = (label: string) => `${label}-Zq7vN2xK9pL4mR8tW3yB6cD1fG5hJ0s`;

/** A production environment that starts: strong secrets, scoped keys, a payload key, every partner's base URL. */
export const productionEnv = (): Record<string, string> => ({
  NODE_ENV: 'production',
  API_KEYS: `storefront:${strongSecret('sf')},warehouse:${strongSecret('wh')},operator:${strongSecret('op')}`,
  WEBHOOK_SECRET_EASYPOST: strongSecret('easypost'),
  WEBHOOK_SECRET_AFTERSHIP: strongSecret('aftership'),
  WEBHOOK_SECRET_SHIPPO: strongSecret('shippo'),
  WEBHOOK_SECRET_GENERIC: strongSecret('generic'),
  LINK_SIGNING_SECRET: strongSecret('links'),
  PAYLOAD_CODEC_KEYS: `k1:${Buffer.alloc(32, 9).toString('base64')}`,
  PAYMENTS_BASE_URL: 'https://payments.example.com',
  NOTIFICATIONS_BASE_URL: 'https://notify.example.com',
  WAREHOUSE_BASE_URL: 'https://wms.example.com',
  INVENTORY_BASE_URL: 'https://inventory.example.com',
  OPS_ALERTS_BASE_URL: 'https://alerts.example.com',
  CARRIERS_BASE_URL: 'https://carriers.example.com',
  HELPDESK_BASE_URL: 'https://helpdesk.example.com',
});
