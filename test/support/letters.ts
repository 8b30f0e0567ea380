// Postal letters as the post would see them: the JSON sidecars in DATA_DIR/outbox/post and the code printed on
// each PDF (read back as text), which is the only place a code exists in clear.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { extractText, getDocumentProxy } from 'unpdf';

export interface Letter {
  letterId: string;
  kind: 'holder' | 'delegate' | 'administrator-claim';
  language: string;
  code: string;
  text: string;
  sidecar: string;
}

const CODE = /\b([2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4})\b/;

/** The letters of a mandate (or of an administrator claim) whose sidecar is written (handed to the post). */
export async function readLetters(outboxDir: string, mandateId: string): Promise<Letter[]> {
  const names = await readdir(outboxDir).catch(() => [] as string[]);
  const letters: Letter[] = [];
  for (const name of names.filter((entry) => entry.endsWith('.json'))) {
    const sidecar = await readFile(path.join(outboxDir, name), 'utf8');
    const meta = JSON.parse(sidecar) as { letterId: string; kind: Letter['kind']; mandateId?: string; claimId?: string; language: string };
    if (meta.mandateId !== mandateId && meta.claimId !== mandateId) continue;
    const pdf = await getDocumentProxy(new Uint8Array(await readFile(path.join(outboxDir, `${meta.letterId}.pdf`))));
    const { text } = await extractText(pdf, { mergePages: true });
    const code = CODE.exec(text)?.[1];
    if (!code) throw new Error(`no code in letter ${meta.letterId}: ${text}`);
    letters.push({ letterId: meta.letterId, kind: meta.kind, language: meta.language, code, text, sidecar });
  }
  return letters;
}
