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
  customs_documents_required: {
    en: { subject: 'Customs needs documents for your parcel', body: 'Customs is holding parcel {trackingNumber} (order {orderId}) until it receives documents from you. Provide them here: {actionUrl}' },
    de: { subject: 'Der Zoll benötigt Unterlagen', body: 'Der Zoll hält Paket {trackingNumber} (Bestellung {orderId}) zurück, bis Ihre Unterlagen vorliegen. Hier einreichen: {actionUrl}' },
  },
  customs_duties_owed: {
    en: { subject: 'Import duties are due on your parcel', body: 'Parcel {trackingNumber} (order {orderId}) is waiting for import duties and taxes to be paid. Pay here: {actionUrl}' },
    de: { subject: 'Einfuhrabgaben für Ihr Paket fällig', body: 'Paket {trackingNumber} (Bestellung {orderId}) wartet auf die Zahlung von Zoll und Steuern. Hier bezahlen: {actionUrl}' },
  },
  customs_inspection: {
    en: { subject: 'Your parcel is being inspected by customs', body: 'Customs is inspecting parcel {trackingNumber} (order {orderId}). This can add a few days; nothing is needed from you.' },
    de: { subject: 'Ihr Paket wird vom Zoll geprüft', body: 'Der Zoll prüft Paket {trackingNumber} (Bestellung {orderId}). Das kann einige Tage dauern; Sie müssen nichts tun.' },
  },
  customs_prohibited: {
    en: { subject: 'Customs refused your parcel', body: 'Customs refused parcel {trackingNumber} (order {orderId}); it goes back to us and we refund it.' },
    de: { subject: 'Der Zoll hat Ihr Paket abgelehnt', body: 'Der Zoll hat Paket {trackingNumber} (Bestellung {orderId}) abgelehnt; es geht an uns zurück und wir erstatten den Betrag.' },
  },
  customs_reminder: {
    en: { subject: 'Reminder: your parcel is still held at customs', body: 'Parcel {trackingNumber} (order {orderId}) is still waiting at customs for you. Act here: {actionUrl}' },
    de: { subject: 'Erinnerung: Ihr Paket liegt noch beim Zoll', body: 'Paket {trackingNumber} (Bestellung {orderId}) wartet noch beim Zoll auf Sie. Hier handeln: {actionUrl}' },
  },
  parcel_returned: {
    en: { subject: 'Your parcel is coming back to us', body: 'Parcel {trackingNumber} (order {orderId}) is being returned to us ({reason}). We will refund it.' },
    de: { subject: 'Ihr Paket kommt zu uns zurück', body: 'Paket {trackingNumber} (Bestellung {orderId}) wird an uns zurückgeschickt ({reason}). Wir erstatten den Betrag.' },
  },
  address_problem: {
    en: { subject: 'We need a better address for your parcel', body: 'The carrier cannot deliver parcel {trackingNumber} (order {orderId}) to the address given. Correct it here: {actionUrl}' },
    de: { subject: 'Wir brauchen eine korrekte Adresse', body: 'Paket {trackingNumber} (Bestellung {orderId}) kann an die angegebene Adresse nicht zugestellt werden. Hier korrigieren: {actionUrl}' },
  },
  failed_attempt: {
    en: { subject: 'We missed you', body: 'The carrier could not deliver parcel {trackingNumber} (order {orderId}): {detail}. Attempt {attempt} of {maxAttempts}.' },
    de: { subject: 'Wir haben Sie nicht angetroffen', body: 'Paket {trackingNumber} (Bestellung {orderId}) konnte nicht zugestellt werden: {detail}. Versuch {attempt} von {maxAttempts}.' },
  },
  redirected_to_pickup: {
    en: { subject: 'Your parcel is waiting at a pickup point', body: 'After {maxAttempts} attempts, parcel {trackingNumber} (order {orderId}) goes to a pickup point near you. Track it: {trackingUrl}' },
    de: { subject: 'Ihr Paket liegt in einer Filiale', body: 'Nach {maxAttempts} Versuchen geht Paket {trackingNumber} (Bestellung {orderId}) an eine Abholstelle in Ihrer Nähe. Sendungsverfolgung: {trackingUrl}' },
  },
  parcel_lost: {
    en: { subject: 'Your parcel was lost', body: 'The carrier lost parcel {trackingNumber} (order {orderId}). {resolution}' },
    de: { subject: 'Ihr Paket ging verloren', body: 'Der Versanddienst hat Paket {trackingNumber} (Bestellung {orderId}) verloren. {resolution}' },
  },
  parcel_damaged: {
    en: { subject: 'Your parcel was damaged', body: 'Parcel {trackingNumber} (order {orderId}) was damaged in transit. {resolution}' },
    de: { subject: 'Ihr Paket wurde beschädigt', body: 'Paket {trackingNumber} (Bestellung {orderId}) wurde beim Transport beschädigt. {resolution}' },
  },
  parcel_delayed: {
    en: { subject: 'Your parcel is taking longer', body: 'There has been no news from the carrier about parcel {trackingNumber} (order {orderId}) for a while. We are chasing it.' },
    de: { subject: 'Ihr Paket braucht länger', body: 'Vom Versanddienst gibt es seit einer Weile keine Neuigkeiten zu Paket {trackingNumber} (Bestellung {orderId}). Wir fragen nach.' },
  },
  parcel_refunded: {
    en: { subject: 'Refund on its way', body: 'We refunded {amount} for parcel {trackingNumber} of order {orderId}.' },
    de: { subject: 'Erstattung unterwegs', body: 'Wir haben {amount} für Paket {trackingNumber} aus Bestellung {orderId} erstattet.' },
  },
  order_cancelled: {
    en: { subject: 'Order {orderId} cancelled', body: 'Your order {orderId} is cancelled. {refund}' },
    de: { subject: 'Bestellung {orderId} storniert', body: 'Ihre Bestellung {orderId} ist storniert. {refund}' },
  },
  feedback_request: {
    en: { subject: 'How was order {orderId}?', body: 'Your order {orderId} arrived a few days ago. Two minutes of your time help us a lot: {actionUrl}' },
    de: { subject: 'Wie war Bestellung {orderId}?', body: 'Ihre Bestellung {orderId} ist vor ein paar Tagen angekommen. Zwei Minuten Ihrer Zeit helfen uns sehr: {actionUrl}' },
  },
  feedback_request_returned: {
    en: { subject: 'How did your return go?', body: 'Your return for order {orderId} is complete. Tell us how it went: {actionUrl}' },
    de: { subject: 'Wie lief Ihre Rücksendung?', body: 'Ihre Rücksendung zu Bestellung {orderId} ist abgeschlossen. Sagen Sie uns, wie es lief: {actionUrl}' },
  },
  feedback_reminder: {
    en: { subject: 'Reminder: how was order {orderId}?', body: 'We would still love to hear about order {orderId}: {actionUrl}' },
    de: { subject: 'Erinnerung: Wie war Bestellung {orderId}?', body: 'Wir würden gern noch von Ihnen zu Bestellung {orderId} hören: {actionUrl}' },
  },
  service_case_opened: {
    en: { subject: 'We are on it', body: 'Sorry to hear that. Our service team has opened case {ticketId} and will get back to you.' },
    de: { subject: 'Wir kümmern uns darum', body: 'Das tut uns leid. Unser Serviceteam hat den Fall {ticketId} eröffnet und meldet sich bei Ihnen.' },
  },
  service_resolved_question: {
    en: { subject: 'Was your issue resolved?', body: 'Our service team marked case {ticketId} as resolved. Was it? One click tells us: {actionUrl}' },
    de: { subject: 'Wurde Ihr Anliegen gelöst?', body: 'Unser Serviceteam hat den Fall {ticketId} als gelöst markiert. Stimmt das? Ein Klick genügt: {actionUrl}' },
  },
  return_under_review: {
    en: { subject: 'We are reviewing your return', body: 'Your return {rmaId} for order {orderId} is being reviewed. You will hear from us by {reviewBy}.' },
    de: { subject: 'Wir prüfen Ihre Rücksendung', body: 'Ihre Rücksendung {rmaId} zu Bestellung {orderId} wird geprüft. Sie hören bis {reviewBy} von uns.' },
  },
  return_label: {
    en: { subject: 'Your return label', body: 'Your return {rmaId} for order {orderId} is approved. Print your {carrier} label ({trackingNumber}): {labelUrl}. It is valid until {expiresAt}.' },
    de: { subject: 'Ihr Rücksendeetikett', body: 'Ihre Rücksendung {rmaId} zu Bestellung {orderId} ist genehmigt. Ihr {carrier}-Etikett ({trackingNumber}): {labelUrl}. Gültig bis {expiresAt}.' },
  },
  return_rejected: {
    en: { subject: 'Your return was not accepted', body: 'We cannot accept return {rmaId} for order {orderId}: {reason}' },
    de: { subject: 'Ihre Rücksendung wurde nicht angenommen', body: 'Wir können die Rücksendung {rmaId} zu Bestellung {orderId} nicht annehmen: {reason}' },
  },
  return_expired: {
    en: { subject: 'Your return label expired', body: 'The label for return {rmaId} (order {orderId}) was not used by {expiresAt}, so the return is closed. You can request a new one while the return window is open.' },
    de: { subject: 'Ihr Rücksendeetikett ist abgelaufen', body: 'Das Etikett für Rücksendung {rmaId} (Bestellung {orderId}) wurde bis {expiresAt} nicht genutzt; die Rücksendung ist geschlossen. Innerhalb der Rückgabefrist können Sie eine neue anfordern.' },
  },
  return_completed: {
    en: { subject: 'Your return is complete', body: 'We received return {rmaId} for order {orderId}. {outcome}' },
    de: { subject: 'Ihre Rücksendung ist abgeschlossen', body: 'Wir haben Rücksendung {rmaId} zu Bestellung {orderId} erhalten. {outcome}' },
  },
} as const;

export type NotificationTemplate = keyof typeof notificationTemplates;

export function renderNotification(template: NotificationTemplate, locale: string, params: Record<string, string>) {
  const byLocale: Record<string, { subject: string; body: string }> = notificationTemplates[template];
  const text = byLocale[locale.slice(0, 2).toLowerCase()] ?? byLocale.en;
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');
  return { locale: byLocale[locale.slice(0, 2).toLowerCase()] ? locale.slice(0, 2).toLowerCase() : 'en', subject: fill(text.subject), body: fill(text.body) };
}
