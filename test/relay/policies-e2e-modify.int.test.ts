// The modify and monitor actions of docs/cegp/policies-and-content-filtering.md §5 with real
// mail through the real relay, checked on the message as the capture mailbox received it
// (re-parsed with mailparser): attachments deleted, sanitized, cleaned; X-header, stamps,
// subject tag; a notification and a BCC copy as real messages (docs/parity.md "Actions").
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { base64Lines, entity, multipartBody } from '../support/eml.js';
import { alternativeMail, at, docm, EICAR, file, headers, mailWith, pdfWithJavaScript, textMail, zip } from '../support/relay-e2e-mail.js';
import { OUTSIDER, type RelayE2e, startRelayE2e, USER } from '../support/relay-e2e.js';

const NO_CRITERIA = { criteriaMode: 'NO_CRITERIA' as const, criteria: [] };
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62)]);

describeEachDatabase('modify and monitor actions end to end', (kind) => {
  let e: RelayE2e;
  /** Sends, waits, and returns the outcome with the one delivered copy (re-parsed). */
  const deliver = async (raw: Buffer) => {
    const o = await e.outcome(await e.send(raw));
    expect(o.message.status).toBe('DELIVERED');
    expect(o.captured).toHaveLength(1);
    return { o, delivered: o.captured[0]!.parsed, bytes: o.captured[0]!.raw };
  };
  beforeAll(async () => {
    e = await startRelayE2e(kind);
  });
  afterAll(async () => e?.close());

  it('Delete matching attachments: delivered without the .exe the name criterion flagged, the other attachment kept', async () => {
    await e.withRule(
      { name: 'strip exe', criteria: [{ type: 'ATTACHMENT_NAME', values: ['*.exe'] }], modifyActions: [{ type: 'DELETE_ATTACHMENTS' }] },
      async (id) => {
        const { o, delivered } = await deliver(mailWith('tools', [file('notes.txt', 'read me', 'text/plain'), file('setup.exe', EXE)]));
        expect(delivered.attachments.map((a) => a.filename)).toEqual(['notes.txt']);
        expect(delivered.text).toContain('See the attachment.');
        expect(o.step(id).actions).toMatchObject([{ type: 'DELETE_ATTACHMENTS', taken: true, detail: { count: 1 } }]);
        expect(o.events).toMatchObject([{ threatType: 'ATTACHMENT', actions: ['DELETE_ATTACHMENTS'] }]);
      },
    );
  });

  it('Delete matching attachments triggered by a message-level criterion (message size) removes all attachments', async () => {
    await e.withRule(
      {
        name: 'strip all',
        criteria: [{ type: 'MESSAGE_SIZE', operator: 'GT', bytes: 1 }],
        modifyActions: [{ type: 'DELETE_ATTACHMENTS' }],
      },
      async () => {
        const { delivered } = await deliver(mailWith('tools', [file('notes.txt', 'read me', 'text/plain'), file('setup.exe', EXE)]));
        expect(delivered.attachments).toEqual([]);
        expect(delivered.text).toContain('See the attachment.');
      },
    );
  });

  it('Delete matching attachments in nested multiparts: both .exe parts go, the alternative body and the other file stay', async () => {
    await e.withRule(
      { name: 'strip nested', criteria: [{ type: 'ATTACHMENT_NAME', values: ['*.exe'] }], modifyActions: [{ type: 'DELETE_ATTACHMENTS' }] },
      async (id) => {
        const att = (n: string, c: string) =>
          entity(
            [
              `Content-Type: application/octet-stream; name="${n}"`,
              `Content-Disposition: attachment; filename="${n}"`,
              'Content-Transfer-Encoding: base64',
            ],
            base64Lines(c),
          );
        const alt = entity(
          ['Content-Type: multipart/alternative; boundary="alt"'],
          multipartBody('alt', [
            entity(['Content-Type: text/plain'], 'plain body\r\n'),
            entity(['Content-Type: text/html'], '<html><body>html body</body></html>\r\n'),
          ]),
        );
        const inner = entity(
          ['Content-Type: multipart/mixed; boundary="inner"'],
          multipartBody('inner', [att('b.exe', 'MZbbb'), att('c.txt', 'ccc')]),
        );
        const raw = entity(
          [...headers('nested'), 'Content-Type: multipart/mixed; boundary="outer"'],
          multipartBody('outer', [alt, att('a.exe', 'MZaaa'), inner]),
        );
        const { o, delivered } = await deliver(raw);
        expect(delivered.attachments.map((a) => a.filename)).toEqual(['c.txt']);
        expect(delivered.text).toContain('plain body');
        expect(delivered.html).toContain('html body');
        expect(o.step(id).actions).toMatchObject([{ type: 'DELETE_ATTACHMENTS', detail: { count: 2 } }]);
      },
    );
  });

  it('Sanitize: the docm is delivered without word/vbaProject.bin, its document kept', async () => {
    await e.withRule(
      {
        name: 'sanitize macros',
        criteria: [{ type: 'ATTACHMENT_ACTIVE_CONTENT' }],
        modifyActions: [{ type: 'SANITIZE', deleteIfUnable: true }],
      },
      async (id) => {
        const { o, delivered } = await deliver(
          mailWith('macro', [file('report.docm', docm(true), 'application/vnd.ms-word.document.macroEnabled.12')]),
        );
        expect(delivered.attachments.map((a) => a.filename)).toEqual(['report.docm']);
        const entries = Object.keys(unzipSync(new Uint8Array(delivered.attachments[0]!.content)));
        expect(entries).toContain('word/document.xml');
        expect(entries).not.toContain('word/vbaProject.bin');
        expect(o.step(id).actions).toMatchObject([{ type: 'SANITIZE', taken: true }]);
      },
    );
  });

  it('Sanitize: the /JavaScript name of a PDF is neutralised in the delivered file', async () => {
    await e.withRule(
      { name: 'sanitize pdf', criteria: [{ type: 'ATTACHMENT_ACTIVE_CONTENT' }], modifyActions: [{ type: 'SANITIZE' }] },
      async () => {
        const { delivered } = await deliver(mailWith('pdf', [file('form.pdf', pdfWithJavaScript(), 'application/pdf')]));
        const pdfText = delivered.attachments[0]!.content.toString('latin1');
        expect(pdfText.startsWith('%PDF-')).toBe(true);
        expect(pdfText).not.toContain('/JavaScript ');
      },
    );
  });

  it('Clean (virus rule): the EICAR attachment is removed (it cannot be cleaned), the rest delivered', async () => {
    await e.withRule(
      { name: 'clean malware', type: 'VIRUS_SCAN', criteria: [{ type: 'MALWARE' }], modifyActions: [{ type: 'CLEAN_MALWARE' }] },
      async (id) => {
        const { o, delivered } = await deliver(mailWith('files', [file('notes.txt', 'read me', 'text/plain'), file('eicar.com', EICAR)]));
        expect(delivered.attachments.map((a) => a.filename)).toEqual(['notes.txt']);
        expect(o.step(id)).toMatchObject({
          policyType: 'VIRUS_SCAN',
          outcome: 'MATCHED',
          actions: [{ type: 'CLEAN_MALWARE', taken: true }],
        });
        expect(o.events).toMatchObject([{ threatType: 'MALWARE', actions: ['CLEAN_MALWARE'] }]);
      },
    );
  });

  it('Clean: a ZIP holding EICAR is removed whole', async () => {
    await e.withRule(
      { name: 'clean zip', type: 'VIRUS_SCAN', criteria: [{ type: 'MALWARE' }], modifyActions: [{ type: 'CLEAN_MALWARE' }] },
      async () => {
        const { delivered } = await deliver(
          mailWith('zip', [
            file('files.zip', zip({ 'x/eicar.com': EICAR, 'ok.txt': 'ok' }), 'application/zip'),
            file('ok2.txt', 'ok', 'text/plain'),
          ]),
        );
        expect(delivered.attachments.map((a) => a.filename)).toEqual(['ok2.txt']);
      },
    );
  });

  it('Insert X-Header: the delivered message carries it', async () => {
    await e.withRule(
      {
        name: 'mark',
        ...NO_CRITERIA,
        modifyActions: [{ type: 'INSERT_X_HEADER', headerName: 'X-Rehearsal-Checked', headerValue: 'content filter' }],
      },
      async () => {
        const { delivered } = await deliver(textMail('hello'));
        expect(delivered.headers.get('x-rehearsal-checked')).toBe('content filter');
        expect(delivered.subject).toBe('hello');
      },
    );
  });

  it('Insert stamp at the beginning: into the text part and after <body> of the HTML part, tokens expanded', async () => {
    const stamp = await e.stamp('external', 'External mail from %SENDER%', 'BEGINNING');
    await e.withRule({ name: 'stamp first', ...NO_CRITERIA, modifyActions: [{ type: 'INSERT_STAMP', stampId: stamp }] }, async () => {
      const { delivered } = await deliver(
        alternativeMail('hello', 'Original text.\r\n', '<html><body><p>Original HTML.</p></body></html>\r\n'),
      );
      expect(delivered.text!.trimStart().startsWith(`External mail from ${OUTSIDER}`)).toBe(true);
      expect(delivered.text).toContain('Original text.');
      const html = delivered.html as string;
      expect(html.indexOf(`External mail from ${OUTSIDER}`)).toBeGreaterThan(html.indexOf('<body>'));
      expect(html.indexOf(`External mail from ${OUTSIDER}`)).toBeLessThan(html.indexOf('Original HTML.'));
    });
  });

  it('Insert stamp at the end: after the text, before </body>', async () => {
    const stamp = await e.stamp('footer', 'Scanned by the rehearsal', 'END');
    await e.withRule({ name: 'stamp last', ...NO_CRITERIA, modifyActions: [{ type: 'INSERT_STAMP', stampId: stamp }] }, async () => {
      const { delivered } = await deliver(
        alternativeMail('hello', 'Original text.\r\n', '<html><body><p>Original HTML.</p></body></html>\r\n'),
      );
      expect(delivered.text!.trimEnd().endsWith('Scanned by the rehearsal')).toBe(true);
      expect(delivered.text!.indexOf('Original text.')).toBeLessThan(delivered.text!.indexOf('Scanned by the rehearsal'));
      const html = delivered.html as string;
      expect(html.indexOf('Scanned by the rehearsal')).toBeGreaterThan(html.indexOf('Original HTML.'));
      expect(html.indexOf('Scanned by the rehearsal')).toBeLessThan(html.indexOf('</body>'));
    });
  });

  it('a %SUBJECT% stamp carries the text of the sender escaped into the HTML part (no markup injected)', async () => {
    const stamp = await e.stamp('subject stamp', 'Subject was: %SUBJECT%', 'BEGINNING');
    await e.withRule({ name: 'stamp subject', ...NO_CRITERIA, modifyActions: [{ type: 'INSERT_STAMP', stampId: stamp }] }, async () => {
      const { delivered } = await deliver(
        alternativeMail('<img src=x onerror=alert(1)> & co', 'Text.\r\n', '<html><body><p>HTML.</p></body></html>\r\n'),
      );
      expect(delivered.text).toContain('Subject was: <img src=x onerror=alert(1)> & co');
      expect(delivered.html).toContain('Subject was: &lt;img src=x onerror=alert(1)&gt; &amp; co');
      expect(delivered.html).not.toContain('<img');
    });
  });

  it('Tag subject: tag + space + subject, a Japanese tag re-encoded', async () => {
    await e.withRule({ name: 'tag', ...NO_CRITERIA, modifyActions: [{ type: 'TAG_SUBJECT', text: '[社外]' }] }, async (id) => {
      const { o, delivered, bytes } = await deliver(textMail('quarterly report'));
      expect(delivered.subject).toBe('[社外] quarterly report');
      // Non-ASCII subjects travel as encoded-words (RFC 2047), never raw 8-bit.
      expect(bytes.toString('latin1')).toMatch(/^Subject: =\?UTF-8\?/im);
      expect(o.step(id).actions).toMatchObject([{ type: 'TAG_SUBJECT', taken: true, detail: { text: '[社外]' } }]);
    });
  });

  it('Tag subject with "Do not tag digitally signed messages": an S/MIME-signed message keeps its subject', async () => {
    await e.withRule(
      { name: 'tag unsigned', ...NO_CRITERIA, modifyActions: [{ type: 'TAG_SUBJECT', text: '[EXT]', skipSigned: true }] },
      async (id) => {
        const signed = readFileSync(new URL('../fixtures/mail/smime-signed.eml', import.meta.url));
        const { o, delivered } = await deliver(signed);
        expect(delivered.subject).toBe('Signed');
        expect(o.step(id).actions).toMatchObject([{ type: 'TAG_SUBJECT', taken: false, reason: { code: 'SIGNED_MESSAGE' } }]);
        const plain = await deliver(textMail('not signed'));
        expect(plain.delivered.subject).toBe('[EXT] not signed');
      },
    );
  });

  it('Send notification: a real NOTIFICATION message to the notification recipient, tokens expanded', async () => {
    const n = await e.notification({
      name: 'admin alert',
      fromAddress: at('postmaster'),
      toAddresses: [at('admin')],
      subject: 'Alert: %SUBJECT% (%RULENAME%)',
      body: 'Sender: %SENDER%\nRule: %RULENAME%\nSubject: %SUBJECT%',
    });
    await e.withRule({ name: 'notify admin', ...NO_CRITERIA, monitorActions: [{ type: 'NOTIFY', notificationId: n }] }, async (id) => {
      const { o, delivered } = await deliver(textMail('quarterly report'));
      expect(delivered.subject).toBe('quarterly report');
      expect(o.generated).toMatchObject([{ origin: 'NOTIFICATION', envelopeRecipients: [at('admin')], status: 'DELIVERED' }]);
      const note = o.generated[0]!.captured[0]!.parsed;
      expect(note.subject).toBe('Alert: quarterly report (notify admin)');
      expect(note.from).toMatchObject({ value: [{ address: at('postmaster') }] });
      expect(note.text).toContain(`Sender: ${OUTSIDER}`);
      expect(note.text).toContain('Rule: notify admin');
      expect(note.headers.get('auto-submitted')).toBe('auto-generated');
      expect(o.step(id).actions).toMatchObject([{ type: 'NOTIFY', taken: true, detail: { notification: 'admin alert' } }]);
    });
  });

  it('BCC: a real copy of the message as modified is captured for the BCC address', async () => {
    await e.withRule(
      {
        name: 'bcc audit',
        ...NO_CRITERIA,
        modifyActions: [{ type: 'TAG_SUBJECT', text: '[audit]' }],
        monitorActions: [{ type: 'BCC', recipients: [at('audit')] }],
      },
      async () => {
        const { o, delivered } = await deliver(textMail('contract'));
        expect(delivered.subject).toBe('[audit] contract');
        expect(o.generated).toMatchObject([{ origin: 'BCC', envelopeRecipients: [at('audit')], status: 'DELIVERED' }]);
        const copy = o.generated[0]!.captured[0]!;
        expect(copy.envelopeRecipients).toEqual([at('audit')]);
        expect(copy.parsed.subject).toBe('[audit] contract');
        expect(copy.parsed.to).toMatchObject({ text: USER });
      },
    );
  });
});
