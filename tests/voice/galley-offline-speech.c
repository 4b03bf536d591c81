/* galley-offline-speech.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The offline recogniser's accuracy set: see galley-offline-speech.h.
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "voice/galley-offline-proposal.h"
#include "galley-offline-speech.h"

/* Orders over the demo restaurant's 44 items (src/demo/galley-demo-menu.c): names, aliases,
 * plurals, sizes and modifiers, the way a cashier repeats a guest's order. */
const GalleyOfflineSpeechOrder galley_offline_speech_orders[] = {
  { "two cheeseburgers no onions and a large coke", "burger-classic:2 drink-cola:1" },
  { "one chicken sandwich and fries", "burger-chicken:1 side-fries:1" },
  { "three lemonades please", "drink-lemonade:3" },
  { "a poke bowl and an iced tea", "bowl-poke:1 drink-iced-tea:1" },
  { "two fish and chips and a coffee", "drink-coffee:1 main-fish-chips:2" },
  { "i'd like a ribeye steak and a side salad", "main-steak:1 side-salad:1" },
  { "a bacon burger with extra cheese", "burger-bacon:1" },
  { "four onion rings", "side-rings:4" },
  { "a miso ramen and two lattes", "bowl-ramen:1 drink-latte:2" },
  { "can i have a caesar salad", "bowl-caesar:1" },
  { "two buffalo wings and a sparkling water", "drink-water:1 starter-wings:2" },
  { "a mushroom risotto please", "main-risotto:1" },
  { "three pork tacos no onions", "main-tacos:3" },
  { "a grilled salmon and a greek salad", "bowl-greek:1 main-salmon:1" },
  { "two mac and cheese", "side-mac:2" },
  { "a vanilla milkshake and a brownie", "dessert-brownie:1 drink-shake:1" },
  { "five coffees with oat milk", "drink-coffee:5" },
  { "a pad thai with shrimp", "bowl-padthai:1" },
  { "two sweet potato fries and a cola", "drink-cola:1 side-sweet-fries:2" },
  { "an apple pie and a coffee", "dessert-pie:1 drink-coffee:1" },
  { "a black bean burger no pickles", "burger-veggie:1" },
  { "six wings", "starter-wings:6" },
  { "a burrito bowl with chicken", "bowl-burrito:1" },
  { "two small cokes and a large fries", "drink-cola:2 side-fries:1" },
  { "a salmon poke bowl", "bowl-poke:1" },
  { "a soup and a side salad", "side-salad:1 starter-soup:1" },
  { "a classic burger well done", "burger-classic:1" },
  { "three iced teas", "drink-iced-tea:3" },
  { "a fried calamari and a salted edamame", "starter-calamari:1 starter-edamame:1" },
  { "two loaded nachos", "starter-nachos:2" },
  { "a new york cheesecake", "dessert-cheesecake:1" },
  { "an ice cream sundae and a mango sorbet", "dessert-sorbet:1 dessert-sundae:1" },
  { "a roast chicken and a coleslaw", "main-chicken:1 side-slaw:1" },
  { "two shrimp linguine", "main-pasta:2" },
  { "a crispy chicken sandwich no tomato and a lemonade", "burger-chicken:1 drink-lemonade:1" },
  { "a tomato bruschetta", "starter-bruschetta:1" },
  { "two mushroom swiss burgers", "burger-mushroom:2" },
  { "a fish sandwich and onion rings", "burger-fish:1 side-rings:1" },
  { "give me a latte with almond milk", "drink-latte:1" },
  { "four french fries and four cokes", "drink-cola:4 side-fries:4" },
};
const guint galley_offline_speech_n_orders = G_N_ELEMENTS (galley_offline_speech_orders);

/* Two voices (espeak-ng's American male at 160 words a minute, its British female variant at
 * 140), each clean and with pink noise 25 dB below full scale (speech peaks about 6 dB below
 * it: a mild kitchen). */
const GalleyOfflineSpeechVoice galley_offline_speech_voices[] = {
  { "en-us 160 wpm, noise -25 dB", "en-us", "160", 25 },
  { "en+f3 140 wpm, noise -25 dB", "en+f3", "140", 25 },
  { "en-us 160 wpm, clean", "en-us", "160", 0 },
  { "en+f3 140 wpm, clean", "en+f3", "140", 0 },
};
const guint galley_offline_speech_n_voices = G_N_ELEMENTS (galley_offline_speech_voices);

gboolean
galley_offline_speech_tools_found (void)
{
  g_autofree char *espeak = g_find_program_in_path ("espeak-ng");
  g_autofree char *sox = g_find_program_in_path ("sox");

  return espeak != NULL && sox != NULL;
}

static gboolean
run (const char * const *argv,
     GError            **error)
{
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                     G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, error))
    return FALSE;

  return g_spawn_check_wait_status (status, error);
}

GArray *
galley_offline_speech_synthesise (const char                     *text,
                                  const GalleyOfflineSpeechVoice *voice,
                                  GError                        **error)
{
  g_autofree char *dir = g_dir_make_tmp ("galley-offline-speech-XXXXXX", error);
  g_autofree char *spoken = NULL, *speech = NULL, *noise = NULL, *out = NULL;
  g_autofree char *data = NULL;
  g_autofree char *secs = NULL;
  g_autofree char *vol = NULL;
  gsize len = 0;
  gboolean ok;
  GArray *samples = NULL;

  if (dir == NULL)
    return NULL;
  spoken = g_build_filename (dir, "espeak.wav", NULL);
  speech = g_build_filename (dir, "speech.wav", NULL);
  noise = g_build_filename (dir, "noise.wav", NULL);
  out = g_build_filename (dir, "out.raw", NULL);

  ok = run ((const char * const[]) { "espeak-ng", "-v", voice->voice, "-s", voice->speed,
                                     "-w", spoken, text, NULL }, error) &&
       run ((const char * const[]) { "sox", "-R", spoken, "-r", "16000", "-c", "1", "-b", "16",
                                     "-e", "signed-integer", speech, "pad", "0.4", "0.5",
                                     NULL }, error);
  if (ok && voice->noise_db > 0)
    {
      g_autofree char *info_out = NULL;
      const char *info[] = { "soxi", "-D", speech, NULL };

      ok = g_spawn_sync (NULL, (char **) info, NULL, G_SPAWN_SEARCH_PATH |
                         G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &info_out, NULL, NULL, error);
      if (ok)
        {
          secs = g_strdup (g_strstrip (info_out));
          vol = g_strdup_printf ("-%ddB", voice->noise_db);
          ok = run ((const char * const[]) { "sox", "-R", "-n", "-r", "16000", "-c", "1",
                                             "-b", "16", "-e", "signed-integer", noise,
                                             "synth", secs, "pinknoise", "vol", vol, NULL },
                    error) &&
               run ((const char * const[]) { "sox", "-R", "-m", "-v", "1", speech, "-v", "1",
                                             noise, "-t", "raw", "-e", "signed-integer",
                                             "-b", "16", out, NULL }, error);
        }
    }
  else if (ok)
    ok = run ((const char * const[]) { "sox", "-R", speech, "-t", "raw", "-e", "signed-integer",
                                       "-b", "16", out, NULL }, error);
  if (ok && g_file_get_contents (out, &data, &len, error))
    {
      samples = g_array_sized_new (FALSE, FALSE, sizeof (gint16), len / 2);
      g_array_append_vals (samples, data, len / 2);   /* raw S16, this machine's order */
    }
  g_unlink (spoken);
  g_unlink (speech);
  g_unlink (noise);
  g_unlink (out);
  g_rmdir (dir);

  return samples;
}

char *
galley_offline_speech_order_key (GPtrArray *proposals)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GList) keys = NULL;
  GString *key = g_string_new (NULL);

  for (guint i = 0; proposals != NULL && i < proposals->len; i++)
    {
      GalleyOfflineProposal *p = g_ptr_array_index (proposals, i);
      const char *id = p->item != NULL ? galley_menu_item_get_id (p->item) : "?";

      g_hash_table_insert (counts, (gpointer) id,
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, id))
                                             + p->quantity));
    }
  keys = g_list_sort (g_hash_table_get_keys (counts), (GCompareFunc) strcmp);
  for (GList *l = keys; l != NULL; l = l->next)
    g_string_append_printf (key, "%s%s:%u", key->len > 0 ? " " : "", (char *) l->data,
                            GPOINTER_TO_UINT (g_hash_table_lookup (counts, l->data)));

  return g_string_free (key, FALSE);
}
