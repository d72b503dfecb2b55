/** Marketing messages of the customer lifecycle, in the customer's locale (en, de). */
export const marketingTemplates = {
  win_back: {
    en: { subject: 'We miss you', body: 'It has been a while since your last order. Customers who bought what you did also liked: {recommendations}. Unsubscribe: {unsubscribeUrl}' },
    de: { subject: 'Wir vermissen Sie', body: 'Ihre letzte Bestellung ist eine Weile her. Kunden mit Ihrem Geschmack kauften auch: {recommendations}. Abmelden: {unsubscribeUrl}' },
  },
  replenishment: {
    en: { subject: 'Time to restock {sku}?', body: 'Your {sku} from order {orderId} may be running low. Often bought with it: {recommendations}. Unsubscribe: {unsubscribeUrl}' },
    de: { subject: 'Zeit, {sku} nachzubestellen?', body: 'Ihr {sku} aus Bestellung {orderId} geht vielleicht zur Neige. Oft zusammen gekauft: {recommendations}. Abmelden: {unsubscribeUrl}' },
  },
} as const;

export type MarketingTemplate = keyof typeof marketingTemplates;

export function renderMarketing(template: MarketingTemplate, locale: string, params: Record<string, string>) {
  const byLocale: Record<string, { subject: string; body: string }> = marketingTemplates[template];
  const language = byLocale[locale.slice(0, 2).toLowerCase()] ? locale.slice(0, 2).toLowerCase() : 'en';
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');
  return { locale: language, subject: fill(byLocale[language]!.subject), body: fill(byLocale[language]!.body) };
}
