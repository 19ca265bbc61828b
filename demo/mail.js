// The demo's mail page: what the tool sent to the mail catcher, newest first; one message opens beside the list,
// its HTML in a sandboxed frame that runs no script, its plain text, and its attachments to download.

const inbox = document.querySelector('#inbox');
const catching = document.querySelector('#catching');
const selected = new URLSearchParams(location.search).get('message');

const when = (iso) => new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });

/** Text as an element's content, never as markup. */
function element(tag, text, attributes = {}) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

let newest;

async function showList() {
  const { smtpUrl, items } = await (await fetch('/api/demo/mail')).json();
  catching.textContent = smtpUrl
    ? `Every email the tool sends goes to the demo's mail catcher (${smtpUrl}); the last 200 are kept here.`
    : 'Email goes to the server in SMTP_URL: the mail catcher is off.';
  if (items[0]?.id === newest && inbox.childElementCount > 0) return;
  newest = items[0]?.id;
  if (items.length === 0) {
    inbox.replaceChildren(element('p', 'No email yet. Request or approve a session and it appears here.'));
    return;
  }
  const table = element('table', undefined, { class: 'mail-list' });
  table.append(element('caption', `${items.length} message${items.length === 1 ? '' : 's'}, newest first`));
  const head = element('tr');
  for (const label of ['Subject', 'From', 'To', 'Received (UTC)']) head.append(element('th', label, { scope: 'col' }));
  table.append(element('thead'), element('tbody'));
  table.tHead.append(head);
  for (const item of items) {
    const row = element('tr');
    const subject = element('td');
    const link = element('a', item.subject || '(no subject)', { href: `/demo/mail?message=${encodeURIComponent(item.id)}` });
    if (item.id === selected) link.setAttribute('aria-current', 'true');
    subject.append(link);
    row.append(subject, element('td', item.from), element('td', item.to), element('td', when(item.receivedAt)));
    table.tBodies[0].append(row);
  }
  inbox.replaceChildren(table);
}

async function showMessage(id) {
  const res = await fetch(`/api/demo/mail/${encodeURIComponent(id)}`);
  if (!res.ok) return;
  const message = await res.json();
  document.querySelector('#message-title').textContent = message.subject || '(no subject)';
  const meta = document.querySelector('#message-meta');
  meta.replaceChildren();
  for (const [term, value] of [
    ['From', message.from],
    ['To', message.to],
    ['Received', `${when(message.receivedAt)} UTC`],
  ]) {
    meta.append(element('dt', term), element('dd', value));
  }
  // As received; links open in a new tab, since the frame may not navigate the page.
  document.querySelector('#message-html').srcdoc = message.html
    ? `<base target="_blank">${message.html}`
    : '<p style="font-family: sans-serif">This message has no HTML part.</p>';
  document.querySelector('#message-text').textContent = message.text ?? '(This message has no plain-text part.)';
  const attachments = document.querySelector('#message-attachments');
  attachments.replaceChildren(
    ...(message.attachments.length
      ? message.attachments.map((attachment) => {
          const item = element('li');
          item.append(
            element('a', attachment.filename, { href: attachment.url, download: attachment.filename }),
            ` (${attachment.contentType}, ${attachment.size} bytes)`,
          );
          return item;
        })
      : [element('li', 'None')]),
  );
  document.querySelector('#message').hidden = false;
}

await showList();
if (selected) await showMessage(selected);
// New mail shows up without a reload while the page is open.
setInterval(() => document.visibilityState === 'visible' && showList(), 3000);
