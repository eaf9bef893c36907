#include <stdio.h>
#include <stdlib.h>
#include <readline/readline.h>
#include <readline/history.h>

/* Accessors for readline's global variables, which Swift 6 cannot touch directly. */

static inline void goldilocks_rl_setup(rl_completion_func_t *completer) {
  rl_readline_name = "goldilocks";
  rl_attempted_completion_function = completer;
  rl_catch_signals = 0;
  rl_catch_sigwinch = 1;
}

static inline const char *goldilocks_rl_line_buffer(void) { return rl_line_buffer; }

static inline void goldilocks_rl_completion_over(void) { rl_attempted_completion_over = 1; }

/* The hook readline calls while it waits for a key (about every 0.1 s) and after a
   signal interrupts its read; the application acts on Ctrl-C there, outside the handler. */
static inline void goldilocks_rl_set_event_hook(rl_hook_func_t *hook) {
  rl_event_hook = hook;
  rl_signal_event_hook = hook;
}

/* Ends the current readline() call, which then returns the (emptied) line. */
static inline void goldilocks_rl_done(void) { rl_done = 1; }
