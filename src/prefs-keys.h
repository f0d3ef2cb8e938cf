/* prefs-keys.h - names of the plugin's preferences, shared by the engine
 * (which reads them at the moment it decides) and the plugin entry (which
 * registers their defaults and builds the preferences frame). */
#ifndef SIM_PREFS_KEYS_H
#define SIM_PREFS_KEYS_H

#define SIM_PREF_ROOT         "/plugins/core/si-multiple"
/* bool: offer and accept si-multiple at all (default TRUE) */
#define SIM_PREF_ENABLED      SIM_PREF_ROOT "/enabled"
/* string: one of the SIM_ORDER_* values below (default SIM_ORDER_S5B_IBB) */
#define SIM_PREF_METHOD_ORDER SIM_PREF_ROOT "/method_order"

/* bool: write fallbacks and failures into the conversation (default TRUE) */
#define SIM_PREF_MESSAGES     SIM_PREF_ROOT "/show_messages"
/* int, seconds: the whole SOCKS5 attempt as receiver (default 3, 1..30) */
#define SIM_PREF_S5B_TIMEOUT  SIM_PREF_ROOT "/socks5_timeout"
/* bool: remember per contact that SOCKS5 failed, and skip it (default TRUE) */
#define SIM_PREF_MEMORY       SIM_PREF_ROOT "/remember_failures"
/* int, hours: how long such a memory lasts (default 24, 1..720) */
#define SIM_PREF_MEMORY_HOURS SIM_PREF_ROOT "/remember_hours"

/* int, bytes: the largest in-band block we declare and send (default 16384,
 * 4096..65535 in the preferences; the engine takes down to 16 for tests) */
#define SIM_PREF_IBB_BLOCK    SIM_PREF_ROOT "/ibb_block_size"
/* int: 0 (default) adapts the number of in-band blocks in flight; N > 0
 * keeps exactly N in flight with full blocks (gabble keeps 10; for
 * comparisons, not shown in the preferences frame) */
#define SIM_PREF_IBB_FIXED    SIM_PREF_ROOT "/ibb_fixed_window"

#define SIM_ORDER_S5B_IBB "socks5,ibb" /* SOCKS5, then in-band */
#define SIM_ORDER_IBB     "ibb"        /* in-band only */
#define SIM_ORDER_S5B     "socks5"     /* SOCKS5 only */

#endif
