import type { ExceptionKind } from '../../../workflows/shipment/tracking';
import type { Step } from './model';

/** What the customer pages say, in each language they speak. English is the fallback. */
export const languages = ['en', 'de'] as const;
export type Language = (typeof languages)[number];

export interface Texts {
  order: (orderId: string) => string;
  steps: Record<Step, string>;
  progress: string;
  stepDone: string;
  stepCurrent: string;
  headline: Record<'confirmed' | 'packed' | 'shipped' | 'in_transit' | 'out_for_delivery' | 'partially_delivered' | 'delivered' | 'not_delivered' | 'cancelled', string>;
  shippingTo: (place: string) => string;
  promisedBy: (date: string) => string;
  lateBy: (date: string) => string;
  deliveredOnTime: string;
  deliveredLate: (date: string) => string;
  parcels: string;
  parcel: (n: number, of: number) => string;
  contents: string;
  scans: string;
  noScans: string;
  parcelProblem: Record<'returned_to_sender' | 'lost', string>;
  issue: Record<ExceptionKind, string>;
  waitingForCustoms: string;
  documentsSent: string;
  dutiesPaid: string;
  correctAddress: string;
  passedOn: string;
  stage: Record<string, string>;
  expired: string;
  expiredTitle: string;
  language: string;
  /** Once delivered: the feedback prompt (while feedback is open), its thank-you, and recommendations. */
  feedbackTitle: string;
  feedbackAsk: string;
  feedbackButton: string;
  feedbackThanks: string;
  alsoLike: string;
}

const en: Texts = {
  order: (orderId) => `Order ${orderId}`,
  steps: { ordered: 'Ordered', packed: 'Packed', shipped: 'Shipped', in_transit: 'In transit', out_for_delivery: 'Out for delivery', delivered: 'Delivered' },
  progress: 'Progress',
  stepDone: 'done',
  stepCurrent: 'current step',
  headline: {
    confirmed: 'We have your order and are getting it ready.',
    packed: 'Your order is packed and waiting for the carrier.',
    shipped: 'Your order is on its way.',
    in_transit: 'Your order is on its way.',
    out_for_delivery: 'Your order is out for delivery today.',
    partially_delivered: 'Part of your order has arrived; the rest is on its way.',
    delivered: 'Your order has been delivered.',
    not_delivered: 'Your order could not be delivered.',
    cancelled: 'This order was cancelled.',
  },
  shippingTo: (place) => `Shipping to ${place}`,
  promisedBy: (date) => `Arriving by ${date}`,
  lateBy: (date) => `Running late: we promised delivery by ${date}. Sorry for the wait.`,
  deliveredOnTime: 'Delivered on time.',
  deliveredLate: (date) => `Delivered late: we had promised ${date}.`,
  parcels: 'Parcels',
  parcel: (n, of) => (of > 1 ? `Parcel ${n} of ${of}` : 'Your parcel'),
  contents: 'Contents',
  scans: 'Carrier scans',
  noScans: 'No scans from the carrier yet.',
  parcelProblem: {
    returned_to_sender: 'This parcel is going back to us. You will be refunded for it.',
    lost: 'The carrier has lost this parcel. We have filed a claim and will make it right.',
  },
  issue: {
    customs_documents_required: 'Customs is holding this parcel until it receives documents from you, such as the invoice.',
    customs_duties_owed: 'Import duties or taxes must be paid before customs releases this parcel.',
    customs_inspection: 'Customs is inspecting this parcel. Nothing is needed from you.',
    customs_prohibited: 'Customs refused this parcel. It comes back to us and you will be refunded.',
    address_problem: 'The carrier could not deliver to the address given. Please correct it.',
    failed_attempt: 'The carrier tried to deliver this parcel but could not.',
    stalled: 'We have had no news from the carrier for a while and are checking with them.',
    lost: 'The carrier cannot find this parcel. We have filed a claim.',
    damaged: 'This parcel was damaged on the way. We have filed a claim.',
    other: 'The carrier reported a problem with this parcel.',
  },
  waitingForCustoms: 'Thank you: we have passed your answer on and are waiting for customs to release the parcel.',
  documentsSent: 'I have sent the documents',
  dutiesPaid: 'I have paid the duties',
  correctAddress: 'Correct the address',
  passedOn: 'Thank you, we have passed this on.',
  stage: {
    shipped: 'Handed to the carrier',
    in_transit: 'In transit',
    out_for_delivery: 'Out for delivery',
    available_for_pickup: 'Ready for pickup',
    delivered: 'Delivered',
    signed_for: 'Delivered and signed for',
    returned_to_sender: 'Returned to sender',
    lost: 'Lost',
    pre_transit: 'Label created',
    exception: 'Problem reported',
  },
  expiredTitle: 'Link expired',
  expired: 'This link is invalid or has expired. Please use the link in your latest message.',
  language: 'Language',
  feedbackTitle: 'How was your order?',
  feedbackAsk: 'Tell us about the products, the delivery and the packaging. It takes a minute.',
  feedbackButton: 'Give feedback',
  feedbackThanks: 'Thank you for your feedback.',
  alsoLike: 'You may also like',
};

const de: Texts = {
  order: (orderId) => `Bestellung ${orderId}`,
  steps: { ordered: 'Bestellt', packed: 'Verpackt', shipped: 'Versandt', in_transit: 'Unterwegs', out_for_delivery: 'In Zustellung', delivered: 'Zugestellt' },
  progress: 'Fortschritt',
  stepDone: 'erledigt',
  stepCurrent: 'aktueller Schritt',
  headline: {
    confirmed: 'Wir haben deine Bestellung und bereiten sie vor.',
    packed: 'Deine Bestellung ist verpackt und wartet auf den Paketdienst.',
    shipped: 'Deine Bestellung ist unterwegs.',
    in_transit: 'Deine Bestellung ist unterwegs.',
    out_for_delivery: 'Deine Bestellung wird heute zugestellt.',
    partially_delivered: 'Ein Teil deiner Bestellung ist angekommen, der Rest ist unterwegs.',
    delivered: 'Deine Bestellung wurde zugestellt.',
    not_delivered: 'Deine Bestellung konnte nicht zugestellt werden.',
    cancelled: 'Diese Bestellung wurde storniert.',
  },
  shippingTo: (place) => `Lieferung nach ${place}`,
  promisedBy: (date) => `Ankunft bis ${date}`,
  lateBy: (date) => `Verspätet: Wir hatten die Zustellung bis ${date} zugesagt. Entschuldige die Wartezeit.`,
  deliveredOnTime: 'Pünktlich zugestellt.',
  deliveredLate: (date) => `Verspätet zugestellt: Zugesagt war ${date}.`,
  parcels: 'Pakete',
  parcel: (n, of) => (of > 1 ? `Paket ${n} von ${of}` : 'Dein Paket'),
  contents: 'Inhalt',
  scans: 'Sendungsverlauf',
  noScans: 'Noch keine Scans vom Paketdienst.',
  parcelProblem: {
    returned_to_sender: 'Dieses Paket geht an uns zurück. Du bekommst den Betrag erstattet.',
    lost: 'Der Paketdienst hat dieses Paket verloren. Wir haben einen Nachforschungsantrag gestellt und kümmern uns darum.',
  },
  issue: {
    customs_documents_required: 'Der Zoll hält dieses Paket zurück, bis Unterlagen von dir vorliegen, zum Beispiel die Rechnung.',
    customs_duties_owed: 'Vor der Freigabe durch den Zoll sind Einfuhrabgaben oder Steuern zu zahlen.',
    customs_inspection: 'Der Zoll prüft dieses Paket. Du musst nichts tun.',
    customs_prohibited: 'Der Zoll hat dieses Paket abgelehnt. Es kommt zu uns zurück und du bekommst den Betrag erstattet.',
    address_problem: 'Der Paketdienst konnte an die angegebene Adresse nicht zustellen. Bitte korrigiere sie.',
    failed_attempt: 'Der Paketdienst hat versucht zuzustellen, aber es hat nicht geklappt.',
    stalled: 'Wir haben länger nichts vom Paketdienst gehört und fragen dort nach.',
    lost: 'Der Paketdienst findet dieses Paket nicht. Wir haben einen Nachforschungsantrag gestellt.',
    damaged: 'Dieses Paket wurde unterwegs beschädigt. Wir haben einen Schaden gemeldet.',
    other: 'Der Paketdienst hat ein Problem mit diesem Paket gemeldet.',
  },
  waitingForCustoms: 'Danke: Wir haben deine Antwort weitergegeben und warten auf die Freigabe durch den Zoll.',
  documentsSent: 'Ich habe die Unterlagen geschickt',
  dutiesPaid: 'Ich habe die Abgaben bezahlt',
  correctAddress: 'Adresse korrigieren',
  passedOn: 'Danke, wir haben das weitergegeben.',
  stage: {
    shipped: 'An den Paketdienst übergeben',
    in_transit: 'Unterwegs',
    out_for_delivery: 'In Zustellung',
    available_for_pickup: 'Zur Abholung bereit',
    delivered: 'Zugestellt',
    signed_for: 'Zugestellt und quittiert',
    returned_to_sender: 'Zurück an den Absender',
    lost: 'Verloren',
    pre_transit: 'Versandetikett erstellt',
    exception: 'Problem gemeldet',
  },
  expiredTitle: 'Link abgelaufen',
  expired: 'Dieser Link ist ungültig oder abgelaufen. Bitte nutze den Link aus deiner neuesten Nachricht.',
  language: 'Sprache',
  feedbackTitle: 'Wie war deine Bestellung?',
  feedbackAsk: 'Erzähl uns von den Produkten, der Lieferung und der Verpackung. Es dauert nur eine Minute.',
  feedbackButton: 'Feedback geben',
  feedbackThanks: 'Danke für dein Feedback.',
  alsoLike: 'Das könnte dir auch gefallen',
};

export const texts: Record<Language, Texts> = { en, de };

/** `?lang=` wins, then the browser's Accept-Language, then English. */
export function pickLanguage(query: string | undefined, acceptLanguage: string | undefined): Language {
  const wanted = [query, ...(acceptLanguage ?? '').split(',').map((part) => part.split(';')[0]!.trim())];
  for (const tag of wanted) {
    const base = tag?.toLowerCase().split('-')[0];
    if (base && (languages as readonly string[]).includes(base)) return base as Language;
  }
  return 'en';
}

/** A date and time as the customer reads it, in UTC (the server does not know their time zone). */
export function formatTime(iso: string, language: Language): string {
  return `${new Intl.DateTimeFormat(language === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(iso))} UTC`;
}

export function formatDate(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(language === 'de' ? 'de-DE' : 'en-GB', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(iso));
}
