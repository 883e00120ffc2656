// What `b24nav init` writes: a commented example for real systems, or a config for
// the two sandboxes running with their default options (`b24nav init --sandbox`).
// Both are parsed by the schema in a test, so they never drift from it.

import { DEFAULT_WEBHOOK_CODE as SANDBOX_WEBHOOK_CODE } from '../sandbox/bitrix24/index.ts';

export function exampleConfig(): string {
  return `# b24nav configuration. Every key is described in docs/configuration.md.
# Secrets come from environment variables: \${NAME} (or \${NAME:-default}).

bitrix24:
  # Inbound webhook of your portal (Developer resources → Other → Inbound webhook),
  # with the scopes crm, catalog and user.
  webhookUrl: \${B24NAV_B24_WEBHOOK_URL}
  # Or an OAuth local application (needed for the offline event queue):
  # oauth:
  #   clientId: local.xxxxxxxx.xxxxxxxx
  #   clientSecret: \${B24NAV_B24_CLIENT_SECRET}
  #   tokensFile: ./data/b24-tokens.json
  plan: standard            # standard (2 req/s, burst 50) or enterprise (5 req/s, burst 250)
  # Token of the outgoing webhook that posts events to http(s)://<this server>/webhooks/bitrix24
  # applicationToken: \${B24NAV_B24_APP_TOKEN}
  pollIntervalSeconds: 30   # polling is the backstop for lost events

nav:
  soapUrl: https://nav.example.com:7047/DynamicsNAV110
  odataUrl: https://nav.example.com:7048/DynamicsNAV110
  company: CRONUS International Ltd.
  transport: odata          # odata (NAV 2017+) or soap (NAV 2013–2016); per page: transports
  auth:
    mode: ntlm              # ntlm (Windows), basic (NavUserPassword / web service access key) or none
    user: b24nav
    password: \${B24NAV_NAV_PASSWORD}
    domain: CRONUS
  tls:
    # caFile: ./nav-ca.pem  # the server's self-signed certificate or its CA
    insecure: false
  maxConcurrency: 40
  pollIntervalSeconds: 30

store:
  file: ./data/b24nav.db    # SQLite; or  url: postgres://b24nav@127.0.0.1:5432/b24nav

server:
  host: 127.0.0.1
  port: 3000
  # metricsToken: \${B24NAV_METRICS_TOKEN}   # GET /metrics then wants Authorization: Bearer <token>

sync:
  defaultRegion: RU         # country of phone numbers written without a country code

entities:
  customers:                # B24 companies ⇄ NAV customers
    direction: both         # both | b24_to_nav | nav_to_b24
    owner: b24              # who wins when both sides changed a field (per field: fields[].owner)
    conflictPolicy: merge   # master | merge | latest | manual
    matchKeys: [taxId, email, phone]
    valueMaps:
      salespeople:          # B24 user id → NAV salesperson code
        values: { "1": JO }
        fallback: null
    # fields:               # add or replace entries of the default map (docs/mapping.md)
    #   - { name: name, b24: TITLE, nav: Name, direction: both, navMaxLength: 50, onTooLong: truncate }
  contacts:
    direction: both
  products:                 # NAV items → B24 catalog products
    direction: nav_to_b24
  stock:                    # NAV inventory per location → B24 stores
    enabled: true
    # locations: { BLUE: MAIN }   # NAV location code → B24 store code or title
  orders:                   # B24 deals ⇄ NAV sales orders (docs/mapping.md#orders-deals--nav-sales-orders)
    enabled: false
    # createStages: [PREPARATION, PREPAYMENT_INVOICE, EXECUTING, FINAL_INVOICE, WON]
    # release: false        # release the order after writing it
    # onReleased: refuse    # refuse | reopen: a deal changed after its order was released
    # stages: { "0": { Released: PREPAYMENT_INVOICE, Shipped: EXECUTING, Invoiced: FINAL_INVOICE, Paid: WON } }
    # fromNav: { enabled: false, category: "0", stage: NEW }   # orders typed in NAV become deals
    # valueMaps: { salespeople: { values: { "1": JO }, fallback: null } }
  invoices:                 # NAV posted invoices, payments, credit memos → B24 smart invoices
    enabled: false

alerts:                     # rules are on by default; with no channel, alerts only go to the log
  # language: ru            # en | ru
  # dashboardUrl: https://b24nav.example.com/
  rules:
    deadLetters: { count: 1, withinMinutes: 60 }   # records given up on (dead letters)
    lag: { minutes: 30 }                           # the oldest queued change, or a side whose scans fail
    unreachable: { minutes: 5 }                    # Bitrix24 or NAV not answering
    conflicts: { minutes: 60 }                     # a conflict waiting for an operator
    tokenRefresh: { enabled: true }                # the OAuth token cannot be refreshed
  # channels:
  #   bitrix24: { userIds: [1] }                   # notifications (im.notify.system.add; needs the im scope)
  #   email:
  #     host: smtp.example.com
  #     port: 587                                  # 465 with secure: true
  #     auth: { user: b24nav@example.com, pass: \${B24NAV_SMTP_PASSWORD} }
  #     from: b24nav@example.com
  #     to: [ops@example.com]
  #   telegram:
  #     botToken: \${B24NAV_TELEGRAM_BOT_TOKEN}
  #     chatIds: [-1001234567890]
  #   webhook:
  #     url: https://hooks.example.com/b24nav
  #     secret: \${B24NAV_ALERT_WEBHOOK_SECRET}
`;
}

export interface SandboxPorts {
  readonly b24Port: number;
  readonly navPort: number;
  readonly serverPort: number;
}

export function sandboxConfig(ports: SandboxPorts = { b24Port: 3101, navPort: 3102, serverPort: 3000 }, storeFile = './data/b24nav.db'): string {
  return `# b24nav configuration for the two sandboxes started with their default options:
#   npx b24nav sandbox b24      (port ${ports.b24Port})
#   npx b24nav sandbox nav      (port ${ports.navPort})
# See docs/sandbox.md.

bitrix24:
  webhookUrl: http://127.0.0.1:${ports.b24Port}/rest/1/${SANDBOX_WEBHOOK_CODE}/
  plan: standard
  pollIntervalSeconds: 5

nav:
  soapUrl: http://127.0.0.1:${ports.navPort}/DynamicsNAV110
  company: CRONUS International Ltd.
  transport: odata
  auth:
    mode: ntlm
    user: navuser
    password: \${B24NAV_NAV_PASSWORD:-Nav-Sandbox-1}
    domain: CRONUS
  pollIntervalSeconds: 5

store:
  file: ${storeFile}

server:
  host: 127.0.0.1
  port: ${ports.serverPort}
  # The dashboard at http://127.0.0.1:${ports.serverPort}/ is off until someone may sign in
  # (\`b24nav demo\` makes its own users). Hash a password with
  #   printf %s 'your-password' | npx b24nav hash-password
  # dashboard:
  #   users:
  #     - { name: admin, role: admin, passwordHash: "$scrypt$ln=15,r=8,p=1$…" }

sync:
  defaultRegion: RU

entities:
  customers:
    direction: both
    owner: b24
    conflictPolicy: merge
    matchKeys: [taxId, email, phone]
    valueMaps:
      salespeople:
        values: { "2": JO, "3": OF, "4": LT, "5": EH, "6": BC, "7": HR }
        fallback: null
  contacts:
    direction: both
  products:
    direction: nav_to_b24
  stock:
    enabled: true
  orders:                   # deals from PREPARATION on become NAV orders; NAV's progress moves them
    enabled: false          # b24nav demo turns orders and invoices on
    valueMaps:
      salespeople:
        values: { "2": JO, "3": OF, "4": LT, "5": EH, "6": BC, "7": HR }
        fallback: null
  invoices:                 # posted invoices, payments, credit memos → smart invoices
    enabled: false

alerts:
  evaluateEverySeconds: 15
  rules:
    unreachable: { minutes: 1 }
  channels:
    bitrix24: { userIds: [1] }   # shown by the Bitrix24 sandbox at /_sandbox/notifications
`;
}
