// Texts of the pages added with the whole of the seed on the portal (API.md "More pages"): forms of procedures, and
// what else the pages say. Merged into the one catalog by en.ts, fr.ts and de.ts. Pure data.

export const portalEn = {
  'page.procedures.continue': 'Continue',
  'page.procedures.edit': 'Edit',
  'page.procedures.submit': 'Submit',
  'page.procedures.save': 'Save',
  'page.procedures.form': 'Form',
  'page.procedures.newTitle': 'New procedure: {procedureName}',
  'page.procedures.editTitle': 'Edit: {procedureName}',
  'page.procedures.forCompany': 'For {companyName}',
  'page.procedures.saved': 'The procedure was saved.',
  'page.procedures.submitted': 'The procedure was submitted to the administration.',
} as const;

export const portalFr: Record<keyof typeof portalEn, string> = {
  'page.procedures.continue': 'Continuer',
  'page.procedures.edit': 'Modifier',
  'page.procedures.submit': 'Transmettre',
  'page.procedures.save': 'Enregistrer',
  'page.procedures.form': 'Formulaire',
  'page.procedures.newTitle': 'Nouvelle démarche\u00a0: {procedureName}',
  'page.procedures.editTitle': 'Modifier\u00a0: {procedureName}',
  'page.procedures.forCompany': 'Pour {companyName}',
  'page.procedures.saved': 'La démarche a été enregistrée.',
  'page.procedures.submitted': 'La démarche a été transmise à l’administration.',
};

export const portalDe: Record<keyof typeof portalEn, string> = {
  'page.procedures.continue': 'Weiter',
  'page.procedures.edit': 'Bearbeiten',
  'page.procedures.submit': 'Übermitteln',
  'page.procedures.save': 'Speichern',
  'page.procedures.form': 'Formular',
  'page.procedures.newTitle': 'Neues Verfahren: {procedureName}',
  'page.procedures.editTitle': 'Bearbeiten: {procedureName}',
  'page.procedures.forCompany': 'Für {companyName}',
  'page.procedures.saved': 'Das Verfahren wurde gespeichert.',
  'page.procedures.submitted': 'Das Verfahren wurde an die Verwaltung übermittelt.',
};
