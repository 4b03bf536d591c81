/* galley-sanitizer.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

/* LeakSanitizer: ignore allocations of a known third-party leak. Debian's libraries have no
 * frame pointers, so a suppression file cannot match them; bracket the call instead
 * (guide/testing.md §6). */
#if defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define GALLEY_HAVE_LSAN 1
# endif
#endif
#if !defined(GALLEY_HAVE_LSAN) && defined(__SANITIZE_ADDRESS__)
# define GALLEY_HAVE_LSAN 1
#endif

#ifdef GALLEY_HAVE_LSAN
# include <sanitizer/lsan_interface.h>
# define GALLEY_LSAN_IGNORE_BEGIN() __lsan_disable ()
# define GALLEY_LSAN_IGNORE_END()   __lsan_enable ()
#else
# define GALLEY_LSAN_IGNORE_BEGIN() ((void) 0)
# define GALLEY_LSAN_IGNORE_END()   ((void) 0)
#endif
