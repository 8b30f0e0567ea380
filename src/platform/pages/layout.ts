// The frame of every page and the form controls: every control has a <label>, errors of a problem+json answer
// are summarised at the top (focusable, linked to the fields) and repeated next to the field they name.
import { html, raw } from 'hono/html';
import { t, type MessageKey, type MessageParams } from '../i18n';
import { LANGUAGES, type Language } from '../../domain/language';

export type Html = ReturnType<typeof html>;

/** A problem+json answer of the API as the pages show it. */
export interface Problem {
  status: number;
  code: string;
  title: string;
  detail?: string;
  errors?: { path: string; message: string }[];
}

export interface PageFrame {
  lang: Language;
  title: string;
  /** Logged-in reader; absent on the login and error pages. */
  user?: { name: string; staff: string | null };
  csrf?: string;
  /** Where the language switch returns to. */
  path: string;
  notice?: string;
  problem?: Problem;
  /** Labels of the form's fields, to name them in the error summary. */
  fieldLabels?: Record<string, string>;
}

export const tr = (lang: Language, key: MessageKey, params?: MessageParams) => t(lang, key, params);

export function layout(frame: PageFrame, body: Html): Html {
  const { lang } = frame;
  return html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${frame.title} · ${tr(lang, 'page.siteName')}</title>
<link rel="stylesheet" href="/assets/pages.css">
</head>
<body>
<a class="skip" href="#main">${tr(lang, 'page.skipToContent')}</a>
<header class="top">
  <a class="brand" href="/">${tr(lang, 'page.siteName')}</a>
  ${frame.user
    ? html`<nav aria-label="${tr(lang, 'page.mainNavigation')}"><ul>
        <li><a href="/">${tr(lang, 'page.nav.home')}</a></li>
        <li><a href="/profile">${tr(lang, 'page.nav.profile')}</a></li>
        ${frame.user.staff ? html`<li><a href="/staff">${tr(lang, 'page.nav.staff')}</a></li>` : ''}
      </ul></nav>
      <span class="who">${tr(lang, 'page.loggedInAs', { name: frame.user.name })}</span>
      <form method="post" action="/logout" class="inline">${csrfField(frame.csrf)}<button type="submit">${tr(lang, 'page.logout')}</button></form>`
    : frame.path.startsWith('/login')
      ? ''
      : html`<a class="who" href="/login">${tr(lang, 'page.login')}</a>`}
  ${languageSwitch(frame)}
</header>
<main id="main" tabindex="-1">
${frame.notice ? html`<p class="notice" role="status">${frame.notice}</p>` : ''}
${frame.problem ? errorSummary(lang, frame.problem, frame.fieldLabels ?? {}) : ''}
${body}
</main>
</body>
</html>`;
}

function languageSwitch(frame: PageFrame): Html {
  const { lang } = frame;
  return html`<form method="post" action="/language" class="languages" aria-label="${tr(lang, 'page.languageSwitch')}">
    ${csrfField(frame.csrf)}<input type="hidden" name="returnTo" value="${frame.path}">
    ${LANGUAGES.map((code) =>
      html`<button type="submit" name="language" value="${code}" lang="${code}"${code === lang ? raw(' aria-current="true"') : ''}>${tr(lang, `page.language.${code}` as MessageKey)}</button>`,
    )}
  </form>`;
}

/** "Label: " as each language writes it: French puts a no-break space before the colon. */
export const labelled = (lang: Language, label: string): string => (lang === 'fr' ? `${label}\u00a0: ` : `${label}: `);

export function csrfField(token: string | undefined): Html {
  return token ? html`<input type="hidden" name="csrf" value="${token}">` : html``;
}

function errorSummary(lang: Language, problem: Problem, labels: Record<string, string>): Html {
  // With field errors, the list below names each field by its label: the API's detail (its field paths) stays out.
  const fields = (problem.errors ?? []).filter((error) => error.path !== '(body)');
  return html`<div class="error-summary" role="alert" tabindex="-1" id="error-summary" aria-labelledby="error-summary-title" autofocus>
    <h2 id="error-summary-title">${tr(lang, 'page.errorSummary')}</h2>
    <p><strong>${problem.title}</strong>${problem.detail && problem.detail !== problem.title && fields.length === 0 ? html` — ${problem.detail}` : ''}</p>
    ${fields.length > 0
      ? html`<ul>${fields.map((error) => html`<li><a href="#${fieldId(error.path)}">${labels[error.path] ?? error.path}</a>: ${error.message}</li>`)}</ul>`
      : ''}
  </div>`;
}

/** Field names are the API's field paths, so `errors[].path` points straight at them. */
export const fieldId = (name: string) => `field-${name.replace(/[^A-Za-z0-9_-]+/g, '-')}`;

function fieldError(problem: Problem | undefined, name: string): string | undefined {
  return problem?.errors?.find((error) => error.path === name || error.path.startsWith(`${name}.`) || error.path.startsWith(`${name}[`))?.message;
}

interface FieldOptions {
  name: string;
  label: string;
  value?: string | null;
  type?: string;
  required?: boolean;
  hint?: string;
  problem?: Problem;
  lang: Language;
  attributes?: string;
}

function describedBy(id: string, hint?: string, error?: string): string {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids ? ` aria-describedby="${ids}"` : '';
}

/** The label is the control's whole accessible name; the asterisk stands beside it (`required` says it to AT). */
function labelText(lang: Language, id: string, label: string, required?: boolean): Html {
  return html`<label for="${id}">${label}</label>${required ? html`<span class="required" aria-hidden="true" title="${tr(lang, 'page.required')}"> *</span>` : ''}`;
}

/** A labelled control: the label, its hint and error (linked by aria-describedby), then the control itself. */
function field(options: FieldOptions, control: (id: string, attributes: Html) => Html): Html {
  const id = fieldId(options.name);
  const error = fieldError(options.problem, options.name);
  const attributes = html`${options.required ? raw(' required') : ''}${error ? raw(' aria-invalid="true"') : ''}${raw(describedBy(id, options.hint, error))}${raw(options.attributes ? ` ${options.attributes}` : '')}`;
  return html`<div class="field${error ? ' has-error' : ''}">
    ${labelText(options.lang, id, options.label, options.required)}
    ${options.hint ? html`<p class="hint" id="${id}-hint">${options.hint}</p>` : ''}
    ${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : ''}
    ${control(id, attributes)}
  </div>`;
}

export function textField(options: FieldOptions): Html {
  return field(options, (id, attributes) => html`<input id="${id}" name="${options.name}" type="${options.type ?? 'text'}" value="${options.value ?? ''}"${attributes}>`);
}

export function textArea(options: FieldOptions): Html {
  return field(options, (id, attributes) => html`<textarea id="${id}" name="${options.name}" rows="3"${attributes}>${options.value ?? ''}</textarea>`);
}

export function selectField(options: FieldOptions & { choices: { value: string; label: string }[] }): Html {
  return field(
    options,
    (id, attributes) => html`<select id="${id}" name="${options.name}"${attributes}>
      ${options.choices.map((choice) => html`<option value="${choice.value}"${choice.value === options.value ? raw(' selected') : ''}>${choice.label}</option>`)}
    </select>`,
  );
}

export function checkbox(options: { name: string; label: string; checked: boolean; value?: string; problem?: Problem }): Html {
  const id = fieldId(options.value ? `${options.name}-${options.value}` : options.name);
  const error = fieldError(options.problem, options.name);
  return html`<div class="check${error ? ' has-error' : ''}">
    <input type="checkbox" id="${id}" name="${options.name}" value="${options.value ?? 'on'}"${options.checked ? raw(' checked') : ''}>
    <label for="${id}">${options.label}</label>
    ${error ? html`<p class="field-error">${error}</p>` : ''}
  </div>`;
}

export function radios(options: { name: string; legend: string; value: string; choices: { value: string; label: string }[]; problem?: Problem }): Html {
  return html`<fieldset class="radios" id="${fieldId(options.name)}"><legend>${options.legend}</legend>
    ${options.choices.map((choice) => {
      const id = fieldId(`${options.name}-${choice.value}`);
      return html`<div class="check"><input type="radio" id="${id}" name="${options.name}" value="${choice.value}"${choice.value === options.value ? raw(' checked') : ''}><label for="${id}">${choice.label}</label></div>`;
    })}
  </fieldset>`;
}

/** A one-button form (Accept, Delete, Sign…), CSRF-protected like every other. */
export function actionButton(action: string, csrf: string | undefined, label: string, options: { hidden?: Record<string, string>; danger?: boolean; accessibleName?: string } = {}): Html {
  return html`<form method="post" action="${action}" class="inline">${csrfField(csrf)}${Object.entries(options.hidden ?? {}).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}<button type="submit"${options.danger ? raw(' class="danger"') : ''}${options.accessibleName ? html` aria-label="${options.accessibleName}"` : ''}>${label}</button></form>`;
}

export const STYLESHEET = `
:root { --ink:#1b1f24; --muted:#5a6470; --line:#d5dae0; --accent:#00549f; --accent-dark:#003b70; --error:#b00020; --ok:#1e6b34; --bg:#f6f7f9; }
* { box-sizing: border-box; }
body { margin:0; font:16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--ink); background:var(--bg); }
a { color:var(--accent); } a:hover { color:var(--accent-dark); }
:focus-visible { outline:3px solid #ffbf47; outline-offset:2px; }
.skip { position:absolute; left:-999px; } .skip:focus { left:8px; top:8px; background:#fff; padding:4px 8px; z-index:10; }
.top { display:flex; flex-wrap:wrap; align-items:center; gap:12px 24px; padding:10px 24px; background:var(--accent); color:#fff; }
.top a { color:#fff; } .brand { font-weight:700; font-size:1.15rem; text-decoration:none; }
.top nav ul { display:flex; gap:16px; list-style:none; margin:0; padding:0; }
.who { margin-left:auto; font-size:.9rem; }
.top button { background:transparent; color:#fff; border:1px solid #fff; border-radius:4px; padding:2px 10px; cursor:pointer; font:inherit; font-size:.9rem; }
.languages { display:flex; gap:4px; } .languages button[aria-current] { background:#fff; color:var(--accent); }
main { max-width:980px; margin:24px auto; padding:0 24px 48px; }
h1 { font-size:1.8rem; margin:.2em 0 .6em; } h2 { font-size:1.3rem; margin-top:1.6em; } h3 { font-size:1.1rem; }
section, .card { background:#fff; border:1px solid var(--line); border-radius:6px; padding:16px 20px; margin:16px 0; }
.field { margin:12px 0; } .field > label { display:inline-block; font-weight:600; margin-bottom:4px; } legend { display:block; font-weight:600; margin-bottom:4px; } .field > input, .field > select, .field > textarea { display:block; }
.hint { color:var(--muted); margin:0 0 4px; font-size:.9rem; }
input[type=text], input[type=email], input[type=date], input[type=number], input[type=file], select, textarea { width:100%; max-width:32rem; padding:8px; border:2px solid #6b7580; border-radius:4px; font:inherit; background:#fff; }
fieldset { border:1px solid var(--line); border-radius:4px; margin:12px 0; padding:8px 12px; }
.check { display:flex; align-items:center; gap:8px; margin:4px 0; } .check label { font-weight:normal; }
button, .button { display:inline-block; background:var(--accent); color:#fff; border:0; border-radius:4px; padding:8px 16px; font:inherit; font-weight:600; cursor:pointer; text-decoration:none; }
button:hover { background:var(--accent-dark); } button.danger { background:var(--error); } button.secondary { background:#5a6470; }
form.inline { display:inline; margin:0 4px 0 0; }
table { border-collapse:collapse; width:100%; background:#fff; } th, td { text-align:left; padding:8px; border-bottom:1px solid var(--line); vertical-align:top; }
.error-summary { border:3px solid var(--error); background:#fff; padding:12px 16px; margin:16px 0; } .error-summary h2 { margin-top:0; color:var(--error); }
.has-error input, .has-error select, .has-error textarea { border-color:var(--error); } .field-error { color:var(--error); font-weight:600; margin:0 0 4px; }
.notice { border-left:6px solid var(--ok); background:#fff; padding:10px 14px; }
.required { color:var(--error); } .visually-hidden { position:absolute; width:1px; height:1px; overflow:hidden; clip:rect(0 0 0 0); white-space:nowrap; }
.tabs { display:flex; flex-wrap:wrap; gap:8px; list-style:none; padding:0; } .tabs a { display:block; padding:6px 12px; background:#fff; border:1px solid var(--line); border-radius:4px; text-decoration:none; }
.tabs a[aria-current] { background:var(--accent); color:#fff; }
.muted { color:var(--muted); } .mono { font-family:ui-monospace, Menlo, monospace; letter-spacing:.05em; }
.management { float:right; }
td { overflow-wrap:anywhere; }
/* A phone (390 px): tables of class "stack" become one card per row, each cell named by its column (data-label). */
@media (max-width: 40rem) {
  table.stack, table.stack tbody, table.stack tr, table.stack td { display:block; width:100%; }
  table.stack thead { position:absolute; width:1px; height:1px; overflow:hidden; clip:rect(0 0 0 0); }
  table.stack tr { border-bottom:2px solid var(--line); padding:4px 0; }
  table.stack td { border:0; padding:2px 8px; }
  table.stack td[data-label]::before { content:attr(data-label) ": "; font-weight:600; }
  .management { float:none; }
  .mono { letter-spacing:0; }
}
`;
