// Times token refusals from a process of its own, as a remote client sees
// them: the server's work after an answer (appending the refusal) cannot
// delay this client's reading of the answer. Prints one JSON line with the
// paired samples. Usage: refusalTimer.ts <url> <knownClientId> <unknownClientId> <rounds>
import { Agent, request } from 'node:http';

const [url, known, unknown, roundsText] = process.argv.slice(2) as [string, string, string, string];
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function timeOne(clientId: string): Promise<number> {
  const body = `grant_type=client_credentials&client_id=${clientId}&client_secret=cs_x`;
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = request(
      `${url}/oauth2/token`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode !== 401) reject(new Error(`status ${res.statusCode}`));
          else resolve(Number(process.hrtime.bigint() - started) / 1e6);
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 15));
for (let i = 0; i < 20; i += 1) await timeOne(i % 2 ? known : unknown); // warm-up
const samples = { known: [] as number[], unknown: [] as number[] };
for (let round = 0; round < Number(roundsText); round += 1) {
  // A pair in random order, each on a quiet server (the previous refusal's
  // append has finished): the pair's difference cancels the load other
  // processes put on the machine meanwhile.
  const knownFirst = Math.random() < 0.5;
  const first = await timeOne(knownFirst ? known : unknown);
  await pause();
  const second = await timeOne(knownFirst ? unknown : known);
  await pause();
  samples.known.push(knownFirst ? first : second);
  samples.unknown.push(knownFirst ? second : first);
}
agent.destroy();
process.stdout.write(`${JSON.stringify(samples)}\n`);
