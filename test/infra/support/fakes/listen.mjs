// Stands in for a database server: accepts TCP connections on 127.0.0.1:PORT.
import { createServer } from 'node:net';

createServer((socket) => socket.destroy()).listen(Number(process.argv[2]), '127.0.0.1');
