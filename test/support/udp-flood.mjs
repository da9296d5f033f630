// A bounded UDP flood for the hostile-input tests and benchmark, run as its own process so
// the server under test is not slowed by its own client:
//   node udp-flood.mjs <port> <packets> <seconds> [localAddress] [mode]
// mode "query" repeats one valid query (RRL's case); "random" sends random bytes. It stops
// after <packets> or <seconds>, whichever comes first, and prints {"sent":N,"received":M}.
import dgram from 'node:dgram';
import { randomBytes } from 'node:crypto';

const [portArg, packetsArg, secondsArg, localAddress = '127.0.1.1', mode = 'query'] = process.argv.slice(2);
const port = Number(portArg);
const packets = Number(packetsArg);
const deadline = Date.now() + Number(secondsArg) * 1000;
// A query for "flood.example." type A, id 0x1234, RD set.
const QUERY = Buffer.from('123401000001000000000000' + '05666c6f6f64076578616d706c6500' + '00010001', 'hex');
const BATCH = 200;

const socket = dgram.createSocket('udp4');
let sent = 0;
let received = 0;
socket.on('message', () => received++);
socket.on('error', () => undefined);
socket.bind({ address: localAddress, port: 0 }, () => {
  const burst = () => {
    for (let i = 0; i < BATCH && sent < packets; i++, sent++) {
      socket.send(mode === 'random' ? randomBytes(12 + ((sent * 7919) % 500)) : QUERY, port, '127.0.0.1');
    }
    if (sent < packets && Date.now() < deadline) setImmediate(burst);
    else setTimeout(finish, 500);
  };
  burst();
});
function finish() {
  process.stdout.write(`${JSON.stringify({ sent, received })}\n`);
  socket.close();
}
