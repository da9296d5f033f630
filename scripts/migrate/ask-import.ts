// "Import now? [y/N]": the wizard's Next / Cancel after the pre-migration check. Only a
// person at a terminal can say yes; without a TTY (cron, CI, a pipe) the answer is no,
// so an unattended run never imports unless --yes says so.
import { createInterface } from 'node:readline';
import type { Locale } from '../../src/platform/errors.js';

const QUESTION: Record<Locale, string> = { en: 'Import now? [y/N] ', ja: '今すぐインポートしますか? (Import now?) [y/N] ' };
const YES = /^\s*(y|yes|はい)\s*$/i;

export async function askImport(input: NodeJS.ReadStream, output: NodeJS.WriteStream, locale: Locale): Promise<boolean> {
  if (!input.isTTY) return false;
  const rl = createInterface({ input, output });
  try {
    return await new Promise<boolean>((resolve) => {
      // Ctrl-C or Ctrl-D at the prompt is a "no": the run is cancelled, not left ANALYZED.
      const no = () => {
        output.write('\n');
        resolve(false);
      };
      rl.once('SIGINT', no);
      rl.once('close', no);
      rl.question(QUESTION[locale], (answer) => {
        rl.off('close', no);
        resolve(YES.test(answer));
      });
    });
  } finally {
    rl.close();
  }
}
