#ifndef PEAKTRADE_CNCURSES_SHIM_H
#define PEAKTRADE_CNCURSES_SHIM_H
// SwiftPM drops pkg-config's -D flags: ask for the wide-character API explicitly (DESIGN.md §5.1).
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <langinfo.h>
#include <stdio.h>
#include <wchar.h>
#include <ncursesw/curses.h>

// Globals and macros Swift cannot use directly (DESIGN.md §5.2, §5.4).
static inline int pt_lines(void) { return LINES; }
static inline int pt_cols(void) { return COLS; }
static inline int pt_colors(void) { return COLORS; }
static inline int pt_color_pairs(void) { return COLOR_PAIRS; }
static inline WINDOW *pt_stdscr(void) { return stdscr; }
static inline attr_t pt_a_bold(void) { return A_BOLD; }
static inline attr_t pt_a_dim(void) { return A_DIM; }
static inline attr_t pt_a_underline(void) { return A_UNDERLINE; }
static inline attr_t pt_a_reverse(void) { return A_REVERSE; }
static inline int pt_key_resize(void) { return KEY_RESIZE; }
static inline int pt_key_up(void) { return KEY_UP; }
static inline int pt_key_down(void) { return KEY_DOWN; }
static inline int pt_key_left(void) { return KEY_LEFT; }
static inline int pt_key_right(void) { return KEY_RIGHT; }
static inline int pt_key_backspace(void) { return KEY_BACKSPACE; }
static inline int pt_key_enter(void) { return KEY_ENTER; }
static inline int pt_key_btab(void) { return KEY_BTAB; }
static inline int pt_key_ppage(void) { return KEY_PPAGE; }
static inline int pt_key_npage(void) { return KEY_NPAGE; }
static inline int pt_key_home(void) { return KEY_HOME; }
static inline int pt_key_end(void) { return KEY_END; }
static inline int pt_key_code_yes(void) { return KEY_CODE_YES; }
static inline int pt_err(void) { return ERR; }

static inline int pt_set_locale(void) { return setlocale(LC_ALL, "") != NULL; }
static inline int pt_locale_is_utf8(void) {
    const char *cs = nl_langinfo(CODESET);
    return cs && (cs[0] == 'U' || cs[0] == 'u') && (cs[1] == 'T' || cs[1] == 't') && (cs[2] == 'F' || cs[2] == 'f');
}

/// newterm on the process's own stdin/stdout; NULL when the terminal is unusable (DESIGN.md §5.5).
static inline SCREEN *pt_newterm(void) { return newterm(NULL, stdout, stdin); }

/// Writes one grapheme (up to 7 code points) with attributes and a colour pair at (y, x).
static inline int pt_put(int y, int x, const wchar_t *wstr, attr_t attrs, short pair) {
    cchar_t cc;
    if (setcchar(&cc, wstr, attrs, pair, NULL) != OK) return ERR;
    return mvadd_wch(y, x, &cc);
}

static inline int pt_get_wch(int *key) {
    wint_t w = 0;
    int rc = get_wch(&w);
    *key = (int)w;
    return rc;
}
#endif
