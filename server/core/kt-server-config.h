/* kt-server-config.h: the settings of kantora-server
 *
 * Built in three layers: defaults, then the GKeyFile config file, then
 * environment variables (KANTORA_*), then command-line options (main.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kt-plan.h"

G_BEGIN_DECLS

#define KT_SERVER_DEV_PORT 8470

typedef struct {
  /* [server] (server/core/kt-secret-box.h): 64 hex digits that seal the
   * secrets stored for organizations; NULL = none can be stored (or
   * the deprecated [ai] secret-key-file, [stripe] org-secrets-key) */
  char    *secret_key_file;
  char    *previous_secret_key_files; /* comma-separated; open only */
  /* [database] */
  char    *database_url;        /* libpq conninfo or postgresql:// URL */
  guint    workers;             /* worker threads, one connection each */
  /* [http] */
  char    *address;             /* listen address; NULL = all */
  guint    port;
  gsize    max_body_bytes;
  guint    read_timeout_seconds;  /* a request's headers and body, from its start */
  char    *tls_certificate;     /* PEM files; both set = HTTPS */
  char    *tls_key;
  char    *public_url;          /* how clients reach us (invitation links);
                                 * NULL = http(s)://address:port */
  /* [auth] */
  guint    token_ttl_hours;
  guint64  argon2_opslimit;
  gsize    argon2_memlimit;     /* bytes */
  guint    login_window_minutes;
  guint    login_max_failures_account;
  guint    login_max_failures_address;
  /* [jobs] (server/jobs/kt-job-runner.h) */
  guint    jobs_concurrency;    /* runner threads; 0 = this instance runs no jobs */
  guint    jobs_poll_interval_ms;
  guint    jobs_lease_seconds;
  /* [mail]: SMTP (server/mail/kt-smtp.h); no host = invitations go to
   * the log instead */
  char    *smtp_host;
  guint    smtp_port;           /* 0 = the security's usual port */
  char    *smtp_security;       /* starttls, starttls-optional, tls, none */
  char    *smtp_user;
  char    *smtp_password;
  char    *smtp_password_file;  /* read when the password is not set */
  char    *smtp_ca_file;        /* PEM; NULL = the system's CAs */
  guint    smtp_timeout_seconds;
  char    *mail_from;           /* the From and envelope sender address */
  char    *mail_from_name;      /* used when an organization has no name */
  char    *mail_reply_to;       /* default Reply-To; NULL = none */
  /* [stripe] (docs/billing.md): no secret key = billing is off */
  char    *stripe_secret_key;       /* sk_... or rk_...; never logged */
  char    *stripe_secret_key_file;  /* read when the key is not set */
  char    *stripe_webhook_secrets;  /* whsec_..., comma-separated during rotation */
  char    *stripe_webhook_secrets_file;
  char    *stripe_api_base;         /* https://api.stripe.com; tests: the stand-in */
  char    *stripe_api_version;      /* the pinned Stripe-Version header */
  guint    stripe_webhook_tolerance_seconds;
  char    *stripe_success_url;      /* where Checkout returns; {CHECKOUT_SESSION_ID} allowed */
  char    *stripe_cancel_url;
  char    *stripe_portal_return_url;
  guint    stripe_timeout_seconds;
  /* Deprecated for [server] secret-key-file, which it stands in for
   * when that is not set: 64 hex digits themselves; never logged. */
  char    *stripe_org_secrets_key;
  /* auto (the default): the plans' limits hold when a Stripe secret key
   * is set, since a server that sells nothing has nothing to limit;
   * true, false: always, never */
  char    *enforce_limits;
  /* [plan free], [plan starter], ...: names, prices, limits */
  KtPlan   plans[KT_PLAN_COUNT];
  /* [ai]: the AI proxy's default provider (server/ai, docs/ai.md) */
  char    *ai_provider;         /* "gemini" or "openai"; NULL = no AI */
  char    *ai_base_url;         /* NULL = the provider's usual one */
  char    *ai_model;
  char    *ai_api_key;
  char    *ai_api_key_file;     /* read when the key is not set */
  char    *ai_secret_key_file;  /* deprecated: [server] secret-key-file */
  guint    ai_connect_timeout_seconds; /* until the provider's headers */
  guint    ai_idle_timeout_seconds;    /* between two streamed chunks */
  guint    ai_total_timeout_seconds;   /* a whole answer */
  guint    ai_max_retry_delay_seconds; /* a 429 asking for longer fails */
  /* --dev */
  gboolean dev;
  char    *data_dir;
} KtServerConfig;

KtServerConfig *kt_server_config_new       (void);
void            kt_server_config_free      (KtServerConfig *config);
/* Reads @path (a GKeyFile); errors name the file, group and key. */
gboolean        kt_server_config_load_file (KtServerConfig *config,
                                            const char     *path,
                                            GError        **error);
/* Applies KANTORA_* environment variables from @envp (NULL: the process
 * environment). */
gboolean        kt_server_config_load_env  (KtServerConfig *config,
                                            char          **envp,
                                            GError        **error);

/* Zeroes @secret, then frees it (NULL is fine). */
void            kt_secret_free             (char *secret);
/* Whether writes must keep the plans' limits ([billing] enforce-limits). */
gboolean        kt_server_config_enforces_limits (const KtServerConfig *config);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtServerConfig, kt_server_config_free)

G_END_DECLS

/* g_set_str() arrived in GLib 2.76; we pin 2.74. */
static inline void
kt_set_str (char       **slot,
            const char  *value)
{
  char *copy = g_strdup (value);

  g_free (*slot);
  *slot = copy;
}
