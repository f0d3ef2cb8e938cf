/* peer.h - sim-peer, a headless libpurple XMPP client for the end-to-end
 * tests: one account per process, sends a file or accepts one, optionally
 * with the plugin, applies network faults at its own edge, writes a stanza
 * trace and a result file. */
#ifndef SIM_E2E_PEER_H
#define SIM_E2E_PEER_H

#include <purple.h>

typedef struct {
	/* options */
	char *jid, *password, *plugin_dir, *send_file, *send_to, *recv_dir;
	char *trace_path, *result_path, *ready_path;
	char **faults;
	char **prefs;       /* key=value for the plugin's preferences */
	int port, timeout_s;
	int repeat;         /* transfers to make (sender) or accept (receiver) */
	int parallel;       /* sender: transfers started at once (0: one at a time) */
	gboolean gabble;    /* receive as telepathy-gabble answers (scripted) */
	int chat_every_ms;  /* sender: a chat line every N ms while data flows */
	char *attack, *attack_victim, *attack_watch; /* a third account meddling */
	char *presence_to;  /* a directed presence to this JID once signed on */
	/* state */
	PurpleAccount *account;
	PurplePlugin *plugin;
	GMainLoop *loop;
	FILE *trace;
	gint64 t0;
	/* result */
	const char *outcome;   /* completed / cancelled / timeout / error */
	char *method;          /* socks5 / socks5-proxy / ibb / none */
	GString *tried;        /* "socks5>ibb:socks5-failed;" from the plugin */
	char *reason;          /* the plugin's reason for a failure */
	char *sha256;
	guint64 bytes;
	gint64 t_signed_on, t_offer, t_start, t_end;
	int exit_code;
	int done;           /* transfers ended so far */
	GString *methods;   /* method of each transfer, comma-separated */
	GString *starts;    /* offer -> data start of each, ms, comma-separated */
	GString *messages;  /* lines written into conversations, '|'-separated */
	gboolean mismatch;  /* receiver: some file differed from the others */
	gint64 rss_kb_50, rss_kb_end; /* resident memory after 50 and all transfers */
	gint64 cpu_start_ms, cpu_end_ms; /* own CPU time at the first data and the end */
} Peer;

extern Peer peer;

gint64 peer_ms(void);
/* This process's resident set size in KiB (from /proc). */
gint64 peer_rss_kb(void);
gboolean peer_has_fault(const char *name);
/* Ends the run: writes the result and quits the loop (once). */
void peer_finish(const char *outcome);
/* One transfer ended: the run ends too unless more are to come. */
void peer_transfer_ended(const char *outcome);

/* peer-edge.c: stanza trace and faults at the network edge */
void peer_edge_init(void);
void peer_edge_shutdown(void);
/* Sends a stanza of ours through the XMPP plugin (frees it). */
void peer_send_stanza(xmlnode *node);
/* Answers `request` with an iq error of type cancel and this condition. */
void peer_send_iq_error(xmlnode *request, const char *condition);

/* peer-xfer.c: the transfer itself */
void peer_xfer_init(void);
void peer_xfer_start_sending(void);
/* Follows the plugin's own signals (once it is loaded). */
void peer_xfer_follow_plugin(void);

/* peer-chat.c: chat latency while data flows, and CPU use */
/* This process's user+sys CPU time so far, ms. */
gint64 peer_cpu_ms(void);
void peer_chat_init(void);
/* Sender: starts typing (once data flows); stop: the transfer ended. */
void peer_chat_start(void);
void peer_chat_stop(void);
/* chat_sent (sender) or chat_count and the delays (receiver). */
void peer_chat_result(GKeyFile *kf);
void peer_chat_shutdown(void);

/* peer-attack.c: forged stanzas against someone else's transfer */
void peer_attack_start(void);
void peer_attack_stop(void);

/* peer-gabble.c: scripted telepathy-gabble receiver */
/* TRUE when it handled (consumed or rewrote) the stanza. */
gboolean peer_gabble_incoming(PurpleConnection *gc, xmlnode **packet);
void peer_gabble_outgoing(xmlnode *packet);

#endif
