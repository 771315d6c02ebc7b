// An independent gRPC server for rpccli's tests: grpc-js with proto-loader
// and @grpc/reflection, on 127.0.0.1.
//
//   node server.js [--reflection both|v1|v1alpha|none]
//
// Prints "listening on 127.0.0.1:PORT", then one line per call on stderr:
// "metadata /pkg.Service/Method x-name=value ..." with the x- headers and
// the user agent.
'use strict';

const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const { ReflectionService } = require('@grpc/reflection');

const args = process.argv.slice(2);
const reflectionIndex = args.indexOf('--reflection');
const reflection = reflectionIndex >= 0 ? args[reflectionIndex + 1] : 'both';

const protoDir = path.join(__dirname, 'protos');
const definition = protoLoader.loadSync(
  ['shop/v1/shop.proto', 'shop/v1/vault.proto'],
  { includeDirs: [protoDir], keepCase: true, longs: String, defaults: false });
const shop = grpc.loadPackageDefinition(definition).shop.v1;

// Logs the x- headers of every call, reflection included.
function logMetadata(methodDescriptor, call) {
  return new grpc.ServerInterceptingCall(call, {
    start(next) {
      next({
        onReceiveMetadata(metadata, nextMetadata) {
          const headers = Object.entries(metadata.getMap())
            .filter(([key]) => key.startsWith('x-') || key === 'user-agent')
            .map(([key, value]) => `${key}=${value}`);
          process.stderr.write(`metadata ${methodDescriptor.path} ${headers.join(' ')}\n`);
          nextMetadata(metadata);
        },
      });
    },
  });
}

const items = [
  { name: 'apple', price: { currency: 'EUR', units: '2' },
    added: { seconds: '1700000000', nanos: 0 }, shelf_life: { seconds: '86400', nanos: 0 },
    tags: ['fruit'] },
  { name: 'pear', price: { currency: 'EUR', units: '3' }, tags: [] },
];

const server = new grpc.Server({ interceptors: [logMetadata] });
server.addService(shop.Shop.service, {
  GetItem(call, callback) {
    // Echo the caller's x- and authorization headers back as response
    // headers, for tests of what -v shows.
    const echo = new grpc.Metadata();
    for (const [key, value] of Object.entries(call.metadata.getMap())) {
      if (key.startsWith('x-') || key === 'authorization') echo.set(key, value);
    }
    call.sendMetadata(echo);
    const item = items.find((i) => i.name === call.request.name);
    if (!item) {
      callback({ code: grpc.status.NOT_FOUND, details: `no item named "${call.request.name}"` });
    } else {
      callback(null, item);
    }
  },
  ListItems(call) {
    for (const item of items) call.write(item);
    call.end();
  },
  Echo(call, callback) {
    callback(null, call.request);
  },
  Secret(call, callback) {
    const encoded = encodeVault({ code: call.request.name, level: 7 });
    callback(null, { type_url: 'type.googleapis.com/shop.v1.Vault', value: encoded });
  },
});

// Field 1 (string) and field 2 (varint), as protobuf writes a Vault.
function encodeVault(vault) {
  const code = Buffer.from(vault.code, 'utf8');
  return Buffer.concat([Buffer.from([0x0a, code.length]), code, Buffer.from([0x10, vault.level])]);
}

if (reflection !== 'none') {
  const service = new ReflectionService(definition);
  // Let through only the reflection versions asked for.
  service.addToServer({
    addService(serviceDefinition, implementation) {
      const servicePath = Object.values(serviceDefinition)[0].path;
      const isAlpha = servicePath.includes('v1alpha');
      if (reflection === 'both' || (reflection === 'v1alpha') === isAlpha) {
        server.addService(serviceDefinition, implementation);
      }
    },
  });
}

server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => {
  if (error) {
    process.stderr.write(`cannot listen: ${error.message}\n`);
    process.exit(1);
  }
  process.stdout.write(`listening on 127.0.0.1:${port}\n`);
});

process.on('SIGTERM', () => server.tryShutdown(() => process.exit(0)));
