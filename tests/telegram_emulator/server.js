// A local Telegram Bot API emulator for the tests: the npm package telegram-test-api, with the
// routes PTB needs corrected. Listens on 127.0.0.1 only.
//
//   node server.js <port> <token>=<username> [<token>=<username> ...]
//
// Corrections to telegram-test-api 4.2.x:
//  - getMe answers with is_bot (PTB requires it) and a username per token (the package gives
//    every bot the same one);
//  - sendMessage returns its date in seconds (the package returns milliseconds) and the chat
//    the message was sent to;
//  - webhook deliveries carry X-Telegram-Bot-Api-Secret-Token when setWebhook named one, and a
//    refused delivery is recorded (GET /webhookDeliveries) instead of crashing the process.
// Additions for the tests:
//  - POST /failSendMessage {token, count, status}: the bot's next `count` sendMessage calls fail
//    with `status` (502: PTB's NetworkError), to test retries.
'use strict';

const path = require('path');
const axios = require(path.join(process.env.GA_NODE_MODULES, 'axios'));
const TelegramServer = require(path.join(process.env.GA_NODE_MODULES, 'telegram-test-api'));

const port = Number(process.argv[2]);
const bots = {};
for (const arg of process.argv.slice(3)) {
  const at = arg.lastIndexOf('=');
  bots[arg.slice(0, at)] = arg.slice(at + 1);
}

const deliveries = [];
const failures = {};
const chats = {};

TelegramServer.prototype.addUserUpdate = async function addUserUpdate(update) {
  const webhook = this.webhooks[update.botToken];
  if (update.message && update.message.chat) chats[String(update.message.chat.id)] = update.message.chat;
  if (webhook) {
    const headers = {};
    if (webhook.secret_token) headers['X-Telegram-Bot-Api-Secret-Token'] = webhook.secret_token;
    let status;
    try {
      const resp = await axios({
        url: webhook.url, method: 'POST', headers, data: TelegramServer.formatUpdate(update),
        validateStatus: () => true,
      });
      status = resp.status;
    } catch (err) {
      status = -1;
    }
    deliveries.push({ token: update.botToken, status });
  } else {
    this.storage.userMessages.push(update);
  }
  this.updateId++;
};

const server = new TelegramServer({ port, host: '127.0.0.1', storeTimeout: 600 });
const app = server.webServer;

function botId(username) {
  let id = 0;
  for (const ch of username) id = (id * 31 + ch.charCodeAt(0)) % 1000000007;
  return 1000000 + id;
}

function front(method, route, handler) {
  app[method](route, handler);
  // before the package's own routes, after its middleware (body parsers, sendResult)
  const stack = app._router.stack;
  const layer = stack.pop();
  stack.splice(stack.findIndex((l) => l.route !== undefined), 0, layer);
}

front('all', '/bot:token/getMe', (req, res) => {
  const username = bots[req.params.token];
  if (!username) {
    res.status(401).json({ ok: false, error_code: 401, description: 'Unauthorized' });
    return;
  }
  res.json({ ok: true, result: { id: botId(username), is_bot: true, first_name: username, username } });
});

front('all', '/bot:token/sendMessage', (req, res) => {
  const failing = failures[req.params.token];
  if (failing && failing.count > 0) {
    failing.count -= 1;
    res.status(failing.status).json({ ok: false, error_code: failing.status, description: 'Bad Gateway' });
    return;
  }
  const body = Object.assign({}, req.body);
  const result = server.addBotMessage(body, req.params.token);
  result.date = Math.floor(result.date / 1000);
  const known = chats[String(body.chat_id)];
  if (known) result.chat = known;
  const username = bots[req.params.token] || 'bot';
  result.from = { id: botId(username), is_bot: true, first_name: username, username };
  res.json({ ok: true, result });
});

front('post', '/failSendMessage', (req, res) => {
  failures[req.body.token] = { count: Number(req.body.count), status: Number(req.body.status || 502) };
  res.json({ ok: true });
});

front('get', '/webhookDeliveries', (_req, res) => res.json({ ok: true, result: deliveries }));

server.start().then(() => {
  process.stdout.write(`listening on ${port}\n`);
});
process.on('SIGTERM', () => server.stop().then(() => process.exit(0)));
