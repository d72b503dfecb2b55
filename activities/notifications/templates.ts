/**
 * Customer-facing messages, per locale. English is the fallback for any locale we do not have.
 * Parameters are filled in by name: {orderId}, {trackingUrl}, ...
 */
export const notificationTemplates = {
  order_confirmed: {
    en: { subject: 'Order {orderId} confirmed', body: 'Thanks! We have your order {orderId} and are getting it ready.' },
    de: { subject: 'Bestellung {orderId} bestätigt', body: 'Danke! Wir haben Ihre Bestellung {orderId} erhalten und bereiten sie vor.' },
  },
  parcel_shipped: {
    en: { subject: 'Your parcel is on its way', body: 'A parcel from order {orderId} left our warehouse with {carrier} ({trackingNumber}). Track it: {trackingUrl}' },
    de: { subject: 'Ihr Paket ist unterwegs', body: 'Ein Paket aus Bestellung {orderId} ist mit {carrier} ({trackingNumber}) unterwegs. Sendungsverfolgung: {trackingUrl}' },
  },
  out_for_delivery: {
    en: { subject: 'Out for delivery today', body: 'Your parcel {trackingNumber} from order {orderId} is out for delivery. Track it: {trackingUrl}' },
    de: { subject: 'Heute in Zustellung', body: 'Ihr Paket {trackingNumber} aus Bestellung {orderId} wird heute zugestellt. Sendungsverfolgung: {trackingUrl}' },
  },
  delivered: {
    en: { subject: 'Delivered', body: 'Your parcel {trackingNumber} from order {orderId} was delivered.' },
    de: { subject: 'Zugestellt', body: 'Ihr Paket {trackingNumber} aus Bestellung {orderId} wurde zugestellt.' },
  },
  ship_delayed: {
    en: { subject: 'Your order is running late', body: 'Sorry: order {orderId} is taking longer than promised to leave our warehouse. We are on it.' },
    de: { subject: 'Ihre Bestellung verzögert sich', body: 'Entschuldigung: Bestellung {orderId} verlässt unser Lager später als versprochen. Wir kümmern uns darum.' },
  },
  delivery_delayed: {
    en: { subject: 'Your delivery is delayed', body: 'Order {orderId} will arrive later than we promised. Track it: {trackingUrl}' },
    de: { subject: 'Ihre Lieferung verzögert sich', body: 'Bestellung {orderId} kommt später als versprochen. Sendungsverfolgung: {trackingUrl}' },
  },
  shipment_exception: {
    en: { subject: 'A problem with your parcel', body: 'Parcel {trackingNumber} from order {orderId} needs attention: {exception}. Details: {trackingUrl}' },
    de: { subject: 'Ein Problem mit Ihrem Paket', body: 'Paket {trackingNumber} aus Bestellung {orderId} braucht Aufmerksamkeit: {exception}. Details: {trackingUrl}' },
  },
  order_cancelled: {
    en: { subject: 'Order {orderId} cancelled', body: 'Your order {orderId} is cancelled. {refund}' },
    de: { subject: 'Bestellung {orderId} storniert', body: 'Ihre Bestellung {orderId} ist storniert. {refund}' },
  },
} as const;

export type NotificationTemplate = keyof typeof notificationTemplates;

export function renderNotification(template: NotificationTemplate, locale: string, params: Record<string, string>) {
  const byLocale: Record<string, { subject: string; body: string }> = notificationTemplates[template];
  const text = byLocale[locale.slice(0, 2).toLowerCase()] ?? byLocale.en;
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');
  return { locale: byLocale[locale.slice(0, 2).toLowerCase()] ? locale.slice(0, 2).toLowerCase() : 'en', subject: fill(text.subject), body: fill(text.body) };
}
