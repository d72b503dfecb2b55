/** The feedback pages' words, per locale like the messages (activities/notifications/templates.ts); English is the fallback. */
export const pageText = {
  en: {
    title: 'How was order {orderId}?',
    intro: 'A few taps, all on one page. Thank you for taking the time.',
    returnedIntro: 'Your return is complete. Tell us how it went.',
    product: 'How do you like {sku}?',
    scaleHint: '1 = poor, 5 = excellent',
    delivery: 'Did it arrive on time?',
    packaging: 'How was the packaging?',
    service: 'How was our service?',
    nps: 'How likely are you to recommend us to a friend?',
    npsHint: '0 = not at all likely, 10 = extremely likely',
    comment: 'Anything else you want to tell us? (optional)',
    submit: 'Send feedback',
    sending: 'Sending…',
    errors: 'Please check your answers:',
    failed: 'Something went wrong. Please try again in a moment.',
    thanksTitle: 'Thank you!',
    thanksBody: 'We have your feedback. It helps us do better.',
    closedTitle: 'This feedback request has closed',
    closedBody: 'It is no longer taking answers. Thank you all the same.',
    expiredTitle: 'Link expired',
    expiredBody: 'This link is invalid or has expired. Please use the link in your latest message.',
    caseTitle: 'Was your issue resolved?',
    caseIntro: 'Our service team marked your case {ticketId} as resolved.',
    yes: 'Yes, it is resolved',
    no: 'No, it is not',
    caseThanks: 'Thank you for letting us know.',
  },
  de: {
    title: 'Wie war Bestellung {orderId}?',
    intro: 'Ein paar Klicks, alles auf einer Seite. Danke, dass Sie sich die Zeit nehmen.',
    returnedIntro: 'Ihre Rücksendung ist abgeschlossen. Sagen Sie uns, wie es lief.',
    product: 'Wie gefällt Ihnen {sku}?',
    scaleHint: '1 = schlecht, 5 = ausgezeichnet',
    delivery: 'Kam die Lieferung pünktlich?',
    packaging: 'Wie war die Verpackung?',
    service: 'Wie war unser Service?',
    nps: 'Wie wahrscheinlich ist es, dass Sie uns weiterempfehlen?',
    npsHint: '0 = sehr unwahrscheinlich, 10 = sehr wahrscheinlich',
    comment: 'Möchten Sie uns noch etwas sagen? (optional)',
    submit: 'Feedback senden',
    sending: 'Wird gesendet…',
    errors: 'Bitte prüfen Sie Ihre Angaben:',
    failed: 'Etwas ist schiefgegangen. Bitte versuchen Sie es gleich noch einmal.',
    thanksTitle: 'Vielen Dank!',
    thanksBody: 'Wir haben Ihr Feedback erhalten. Es hilft uns, besser zu werden.',
    closedTitle: 'Diese Umfrage ist beendet',
    closedBody: 'Sie nimmt keine Antworten mehr an. Trotzdem vielen Dank.',
    expiredTitle: 'Link abgelaufen',
    expiredBody: 'Dieser Link ist ungültig oder abgelaufen. Bitte verwenden Sie den Link aus Ihrer letzten Nachricht.',
    caseTitle: 'Wurde Ihr Anliegen gelöst?',
    caseIntro: 'Unser Serviceteam hat Ihren Fall {ticketId} als gelöst markiert.',
    yes: 'Ja, es ist gelöst',
    no: 'Nein, noch nicht',
    caseThanks: 'Danke für Ihre Rückmeldung.',
  },
} as const;

export type PageLocale = keyof typeof pageText;
export type PageText = (typeof pageText)[PageLocale];

export function textFor(locale: string | undefined): { lang: PageLocale; t: PageText } {
  const lang = (locale ?? 'en').slice(0, 2).toLowerCase();
  return lang === 'de' ? { lang: 'de', t: pageText.de } : { lang: 'en', t: pageText.en };
}

export const fill = (text: string, params: Record<string, string>) => text.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');
