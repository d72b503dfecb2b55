/** The feedback pages' one inline style and one inline script (run by CSP nonce; nothing loads from elsewhere). */

export const pageStyle = `
  :root { color-scheme: light dark; }
  body { font: 17px/1.5 system-ui, sans-serif; margin: 0; }
  main { max-width: 36rem; margin: 0 auto; padding: 1rem; }
  h1 { font-size: 1.4rem; line-height: 1.25; }
  fieldset { border: 0; padding: 0; margin: 0 0 1.25rem; }
  legend { font-weight: 600; padding: 0; }
  .hint { margin: .1rem 0 .4rem; font-size: .9rem; opacity: .8; }
  .scale { display: flex; flex-wrap: wrap; gap: .35rem; }
  .scale label { position: relative; }
  .scale input { position: absolute; opacity: 0; inset: 0; margin: 0; }
  .scale span { display: inline-flex; align-items: center; justify-content: center; min-width: 2.75rem; min-height: 2.75rem;
    border: 2px solid #888; border-radius: .5rem; font-weight: 600; cursor: pointer; }
  .scale input:checked + span { background: #1a5fb4; border-color: #1a5fb4; color: #fff; }
  .scale input:focus-visible + span { outline: 3px solid #e5a50a; outline-offset: 2px; }
  .comment { display: block; font-weight: 600; margin-bottom: .3rem; }
  textarea { width: 100%; box-sizing: border-box; font: inherit; padding: .5rem; }
  button { font: inherit; font-weight: 600; min-height: 2.75rem; padding: .5rem 1.25rem; margin: 1rem .5rem 0 0; border: 0;
    border-radius: .5rem; background: #1a5fb4; color: #fff; cursor: pointer; }
  button.secondary { background: #555; }
  button:disabled { opacity: .6; }
  .problems { border: 2px solid #c01c28; border-radius: .5rem; padding: .5rem 1rem; margin-bottom: 1rem; }
  .thanks { font-size: 1.1rem; }
`;

/**
 * Posts the form as JSON to the API with the link's token and shows the answer: the thank-you, or the problem
 * document's errors (each naming its field) in a list that takes focus, so screen readers announce it.
 */
export const pageScript = `
(() => {
  const form = document.querySelector('form');
  if (!form) return;
  const problems = document.getElementById('problems');
  const thanks = document.getElementById('thanks');
  const show = (messages) => {
    const list = problems.querySelector('ul');
    list.replaceChildren(...messages.map((m) => Object.assign(document.createElement('li'), { textContent: m })));
    problems.hidden = false;
    problems.focus();
  };
  const answers = (submitter) => {
    if (form.id === 'case') return { resolved: submitter && submitter.value === 'true' };
    const data = new FormData(form);
    const value = (name) => (data.get(name) === null ? null : Number(data.get(name)));
    const body = { products: [], delivery: value('delivery'), packaging: value('packaging'), service: value('service'), nps: value('nps') };
    form.querySelectorAll('fieldset[data-sku]').forEach((set) => body.products.push({ sku: set.dataset.sku, rating: value(set.dataset.name) }));
    const comment = String(data.get('comment') || '').trim();
    if (comment) body.comment = comment;
    return body;
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const buttons = form.querySelectorAll('button');
    buttons.forEach((b) => (b.disabled = true));
    try {
      const response = await fetch(form.dataset.action, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(answers(event.submitter)) });
      const answer = await response.json().catch(() => ({}));
      if (response.ok || answer.reason === 'already_submitted' || answer.reason === 'already_answered') {
        form.hidden = true;
        problems.hidden = true;
        thanks.hidden = false;
        thanks.focus();
        return;
      }
      show(answer.errors && answer.errors.length ? answer.errors.map((e) => e.field + ': ' + e.reason) : [answer.detail || form.dataset.failed]);
    } catch {
      show([form.dataset.failed]);
    } finally {
      buttons.forEach((b) => (b.disabled = false));
    }
  });
})();
`;
