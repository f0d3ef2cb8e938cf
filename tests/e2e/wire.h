/* wire.h - the e2e scenarios' checks on a finished run (see wire.c). */
#ifndef SIM_E2E_WIRE_H
#define SIM_E2E_WIRE_H

#include "scenario.h"

void wire_multiple(const SimRun *run);
void wire_ibb_same_sid(const SimRun *run);
void wire_multiple_fallback(const SimRun *run);
void wire_stock_receiver(const SimRun *run);
void wire_stock_sender(const SimRun *run);
void wire_stock_receiver_told(const SimRun *run);
void wire_stock_sender_told(const SimRun *run);
void wire_second_device(const SimRun *run);
void wire_ibb_only(const SimRun *run);
void wire_gabble(const SimRun *run);
void wire_memory(const SimRun *run);
void wire_messages_en(const SimRun *run);
void wire_messages_de(const SimRun *run);
void wire_failure_message(const SimRun *run);
void wire_timeout_1s(const SimRun *run);
void wire_memory_off(const SimRun *run);
void wire_disabled(const SimRun *run);
void wire_huge_list(const SimRun *run);
void wire_many_streamhosts(const SimRun *run);
void wire_dup_offer(const SimRun *run);
void wire_foreign_reply(const SimRun *run);
void wire_foreign_open(const SimRun *run);
void wire_parallel(const SimRun *run);
void wire_failure_message_de(const SimRun *run);
void wire_stock_stock(const SimRun *run);
void wire_stock_proxy(const SimRun *run);
void wire_stock_nothing_works(const SimRun *run);
void wire_offline_both(const SimRun *run);
void wire_receiver_offline(const SimRun *run);
void wire_receiver_quit(const SimRun *run);

void wire_ibb_window(const SimRun *run);
void wire_ibb_window_stock(const SimRun *run);

void wire_unanswered_plugin(const SimRun *run);
void wire_gabble_window(const SimRun *run);
void wire_memory_stock(const SimRun *run);

void wire_closed_by_sender(const SimRun *run);
void wire_resource_retry(const SimRun *run);
void wire_one_open(const SimRun *run);
void wire_seq_wraps(const SimRun *run);

void wire_parallel_ibb(const SimRun *run);

void wire_debian_defaults(const SimRun *run);
void wire_debian_chat(const SimRun *run);

#endif
