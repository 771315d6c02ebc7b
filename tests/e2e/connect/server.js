// An independent Connect server for rpccli's protocol tests: connect-node
// serving demo.Demo in Connect, gRPC and gRPC-Web, from a descriptor set
// read at start-up (no generated code), and grpc.reflection.v1 written
// here over the same descriptor set (connect-node has none of its own).
//
//   node server.js DESCRIPTOR_SET [--tls CERT KEY [CLIENT_CA]]
//
// Listens on two ports of 127.0.0.1: HTTP/2 (h2c, or TLS with HTTP/1.1
// too), and plain HTTP/1.1 with its paths under /api (as behind a
// gateway). Prints "listening on 127.0.0.1:PORT" for the first once both
// accept calls, then "http1 on 127.0.0.1:PORT" for the second. Each call's
// method, content type and x- headers go to stderr.
'use strict';

const fs = require('fs');
const http = require('http');
const http2 = require('http2');
const { createFileRegistry, fromBinary, toBinary } = require('@bufbuild/protobuf');
const { FileDescriptorProtoSchema, FileDescriptorSetSchema } = require('@bufbuild/protobuf/wkt');
const { Code, ConnectError } = require('@connectrpc/connect');
const { connectNodeAdapter } = require('@connectrpc/connect-node');

const args = process.argv.slice(2);
const registry = createFileRegistry(
  fromBinary(FileDescriptorSetSchema, fs.readFileSync(args[0])));
const demo = registry.getService('demo.Demo');
const badRequest = registry.getMessage('google.rpc.BadRequest');
const errorInfo = registry.getMessage('google.rpc.ErrorInfo');

function greeting(language) {
  return { 2: '你好', 3: 'Bonjour' }[language] || 'Hello';
}

// Logs what came with each call.
function log(context) {
  const headers = [];
  context.requestHeader.forEach((value, key) => {
    if (key.startsWith('x-')) headers.push(`${key}=${value}`);
  });
  const type = context.requestHeader.get('content-type') || '';
  if (context.requestMethod !== 'POST') headers.push(`method=${context.requestMethod}`);
  for (const name of ['content-encoding', 'connect-content-encoding', 'grpc-encoding']) {
    const encoding = context.requestHeader.get(name);
    if (encoding) headers.push(`${name}=${encoding}`);
  }
  process.stderr.write(`call ${context.method.name} ${type} ${headers.join(' ')}\n`);
  context.responseHeader.set('x-server', 'connect-node');
  context.responseTrailer.set('x-trailer', 'done');
}

const handlers = {
  async greet(request, context) {
    log(context);
    return { message: `${greeting(request.language)}, ${request.name || 'world'}!` };
  },
  async echo(request, context) {
    log(context);
    return request;
  },
  async *countdown(request, context) {
    log(context);
    const interval = request.interval
      ? Number(request.interval.seconds) * 1000 + request.interval.nanos / 1e6 : 0;
    for (let remaining = request.start; remaining > 0; --remaining) {
      if (interval > 0) await new Promise((done) => setTimeout(done, interval));
      if (request.failAfter > 0 && request.start - remaining === request.failAfter) {
        throw new ConnectError('stopped after ' + request.failAfter, request.failCode);
      }
      yield { remaining };
    }
  },
  async sum(requests, context) {
    log(context);
    let count = 0n;
    let total = 0n;
    for await (const number of requests) {
      count += 1n;
      if (number.value < 0n) {
        throw new ConnectError(`message ${count} is negative`, Code.InvalidArgument);
      }
      total += number.value;
    }
    process.stderr.write(`Sum: completed after ${count} messages\n`);
    return { count, total };
  },
  async *chat(requests, context) {
    log(context);
    for await (const message of requests) {
      yield { seq: message.seq, text: 'echo: ' + message.text };
    }
  },
  async fail(request, context) {
    log(context);
    if (request.code < 1 || request.code > 16) {
      throw new ConnectError('code must be between 1 and 16', Code.InvalidArgument);
    }
    const details = request.withDetails ? [
      { desc: badRequest, value: { fieldViolations: [
        { field: 'name', description: 'must not be empty' }] } },
      { desc: errorInfo, value: { reason: 'DEMO_FAILURE', domain: 'demo.rpccli.test',
                                  metadata: { asked: 'yes' } } },
    ] : [];
    throw new ConnectError(request.message, request.code, undefined, details);
  },
};

// A file and those it imports, each once, as reflection sends them.
function fileWithImports(file, sent, out) {
  if (sent.has(file.proto.name)) return;
  sent.add(file.proto.name);
  out.push(toBinary(FileDescriptorProtoSchema, file.proto));
  for (const imported of file.dependencies) fileWithImports(imported, sent, out);
}

function reflectionAnswer(request, sent) {
  const asked = request.messageRequest;
  let file;
  if (asked.case === 'listServices') {
    return { case: 'listServicesResponse',
             value: { service: [{ name: 'demo.Demo' },
                                { name: 'grpc.reflection.v1.ServerReflection' }] } };
  } else if (asked.case === 'fileByFilename') {
    file = registry.getFile(asked.value);
  } else if (asked.case === 'fileContainingSymbol') {
    // A method's symbol is found through its service.
    const symbol = asked.value;
    const desc = registry.get(symbol) || registry.get(symbol.replace(/\.[^.]*$/, ''));
    file = desc && desc.file;
  }
  if (!file) {
    return { case: 'errorResponse', value: { errorCode: Code.NotFound,
                                             errorMessage: 'not found' } };
  }
  const files = [];
  fileWithImports(file, sent, files);
  return { case: 'fileDescriptorResponse', value: { fileDescriptorProto: files } };
}

const reflection = {
  async *serverReflectionInfo(requests, context) {
    log(context);
    const sent = new Set();
    for await (const request of requests) {
      yield { validHost: request.host, originalRequest: request,
              messageResponse: reflectionAnswer(request, sent) };
    }
  },
};

function routes(router) {
  router.service(demo, handlers);
  router.service(registry.getService('grpc.reflection.v1.ServerReflection'), reflection);
}
const adapter = connectNodeAdapter({ routes });
const prefixed = connectNodeAdapter({ routes, requestPathPrefix: '/api' });

const tls = args.indexOf('--tls');
const main = tls >= 0
  ? http2.createSecureServer({ cert: fs.readFileSync(args[tls + 1]),
                               key: fs.readFileSync(args[tls + 2]),
                               allowHTTP1: true,
                               // With CLIENT_CA, mutual TLS.
                               ...(args[tls + 3] ? { ca: fs.readFileSync(args[tls + 3]),
                                                     requestCert: true,
                                                     rejectUnauthorized: true } : {}) },
                             adapter)
  : http2.createServer(adapter);
const http1 = http.createServer(prefixed);
main.listen(0, '127.0.0.1', () => {
  http1.listen(0, '127.0.0.1', () => {
    process.stdout.write(`listening on 127.0.0.1:${main.address().port}\n`);
    process.stdout.write(`http1 on 127.0.0.1:${http1.address().port}\n`);
  });
});
