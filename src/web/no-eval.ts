// The built page's Content-Security-Policy forbids eval (src/web/build/csp.plugin.ts).
// zod probes for it on its first parse, to compile its checks, and the browser
// logs the refused probe as a violation: tell zod not to try. Imported first by
// main.ts, as some modules parse scenarios while they load.
import { config } from 'zod';

config({ jitless: true });
