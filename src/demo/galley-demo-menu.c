/* galley-demo-menu.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "galley-demo-menu"

#include <string.h>

#include "demo/galley-demo-menu.h"
#include "util/galley-time.h"

typedef struct
{
  const char *id;
  const char *name;
  double      price;
} Option;

typedef struct
{
  const char   *id;
  const char   *name;
  gboolean      required;
  int           min;
  int           max;
  const Option *options;
} Group;

typedef struct
{
  const char *slug;
  const char *name;
  const char *description;
} Category;

typedef struct
{
  const char *id;           /* external id */
  const char *category;     /* slug */
  const char *name;
  double      price;
  const char *description;
  const char *aliases;      /* "|" separated */
  const char *allergens;    /* "|" separated */
  const char *dietary;      /* "|" separated */
  const char *groups;       /* "|" separated group ids */
  int         prep_minutes;
  gboolean    available;
} Item;

static const Category categories[] = {
  { "starters", "Starters", "Small plates to share" },
  { "burgers", "Burgers", "Smashed patties on toasted brioche" },
  { "mains", "Mains", "Plates from the grill and the stove" },
  { "bowls", "Bowls", "Grain and noodle bowls" },
  { "sides", "Sides", "On the side" },
  { "desserts", "Desserts", "Something sweet" },
  { "drinks", "Drinks", "Cold and hot drinks" },
};

static const Option temperature_options[] = {
  { "mod-temp-rare", "Rare", 0 },
  { "mod-temp-medium-rare", "Medium rare", 0 },
  { "mod-temp-medium", "Medium", 0 },
  { "mod-temp-well", "Well done", 0 },
  { NULL, NULL, 0 }
};

static const Option burger_extra_options[] = {
  { "mod-extra-cheese", "Extra cheese", 1.00 },
  { "mod-add-bacon", "Add bacon", 2.00 },
  { "mod-double-patty", "Double patty", 3.50 },
  { "mod-add-avocado", "Add avocado", 1.50 },
  { "mod-fried-egg", "Add fried egg", 1.25 },
  { NULL, NULL, 0 }
};

static const Option remove_options[] = {
  { "mod-no-onions", "No onions", 0 },
  { "mod-no-pickles", "No pickles", 0 },
  { "mod-no-tomato", "No tomato", 0 },
  { "mod-no-sauce", "No sauce", 0 },
  { NULL, NULL, 0 }
};

static const Option protein_options[] = {
  { "mod-protein-chicken", "Chicken", 3.00 },
  { "mod-protein-tofu", "Tofu", 2.00 },
  { "mod-protein-steak", "Steak", 4.50 },
  { "mod-protein-shrimp", "Shrimp", 4.00 },
  { NULL, NULL, 0 }
};

static const Option base_options[] = {
  { "mod-base-rice", "Brown rice", 0 },
  { "mod-base-quinoa", "Quinoa", 0.50 },
  { "mod-base-greens", "Mixed greens", 0 },
  { "mod-base-noodles", "Rice noodles", 0 },
  { NULL, NULL, 0 }
};

static const Option side_options[] = {
  { "mod-side-fries", "Fries", 0 },
  { "mod-side-salad", "Side salad", 0 },
  { "mod-side-sweet-potato", "Sweet potato fries", 1.00 },
  { NULL, NULL, 0 }
};

static const Option size_options[] = {
  { "mod-size-small", "Small", 0 },
  { "mod-size-medium", "Medium", 0.50 },
  { "mod-size-large", "Large", 1.00 },
  { NULL, NULL, 0 }
};

static const Option dressing_options[] = {
  { "mod-dressing-ranch", "Ranch", 0 },
  { "mod-dressing-vinaigrette", "Vinaigrette", 0 },
  { "mod-dressing-caesar", "Caesar", 0 },
  { NULL, NULL, 0 }
};

static const Option milk_options[] = {
  { "mod-milk-whole", "Whole milk", 0 },
  { "mod-milk-oat", "Oat milk", 0.60 },
  { "mod-milk-almond", "Almond milk", 0.60 },
  { NULL, NULL, 0 }
};

static const Option scoop_options[] = {
  { "mod-scoop-vanilla", "Vanilla ice cream", 1.50 },
  { "mod-scoop-whipped", "Whipped cream", 0.75 },
  { NULL, NULL, 0 }
};

static const Group groups[] = {
  { "grp-temperature", "Temperature", TRUE, 1, 1, temperature_options },
  { "grp-burger-extras", "Extras", FALSE, 0, 3, burger_extra_options },
  { "grp-remove", "Leave off", FALSE, 0, 4, remove_options },
  { "grp-protein", "Protein", TRUE, 1, 1, protein_options },
  { "grp-base", "Base", TRUE, 1, 1, base_options },
  { "grp-side", "Side", TRUE, 1, 1, side_options },
  { "grp-size", "Size", TRUE, 1, 1, size_options },
  { "grp-dressing", "Dressing", FALSE, 0, 1, dressing_options },
  { "grp-milk", "Milk", FALSE, 0, 1, milk_options },
  { "grp-topping", "Topping", FALSE, 0, 2, scoop_options },
};

static const Item items[] = {
  /* Starters */
  { "starter-wings", "starters", "Buffalo Wings", 11.50, "Eight wings, hot sauce, blue cheese dip",
    "wings|chicken wings|hot wings", "dairy|celery", "", "grp-remove", 12, TRUE },
  { "starter-nachos", "starters", "Loaded Nachos", 10.00, "Corn chips, cheese, jalapeños, salsa",
    "nachos", "dairy", "vegetarian", "grp-protein|grp-remove", 8, TRUE },
  { "starter-calamari", "starters", "Fried Calamari", 12.00, "Lemon aioli",
    "calamari|squid", "shellfish|gluten|egg", "", "", 9, TRUE },
  { "starter-bruschetta", "starters", "Tomato Bruschetta", 8.50, "Grilled bread, tomato, basil",
    "bruschetta", "gluten", "vegan", "", 6, TRUE },
  { "starter-soup", "starters", "Soup of the Day", 6.50, "Ask your server",
    "soup|daily soup", "celery", "", "grp-size", 4, TRUE },
  { "starter-edamame", "starters", "Salted Edamame", 5.50, "Sea salt",
    "edamame|soy beans", "soy", "vegan|gluten-free", "", 4, TRUE },
  /* Burgers */
  { "burger-classic", "burgers", "Classic Burger", 13.00, "Cheddar, lettuce, tomato, onion",
    "classic|cheeseburger|burger", "gluten|dairy", "", "grp-temperature|grp-burger-extras|grp-remove|grp-side", 12, TRUE },
  { "burger-bacon", "burgers", "Bacon Smash Burger", 15.00, "Two patties, bacon, American cheese",
    "bacon burger|smash burger", "gluten|dairy", "", "grp-temperature|grp-burger-extras|grp-remove|grp-side", 13, TRUE },
  { "burger-mushroom", "burgers", "Mushroom Swiss Burger", 14.50, "Sautéed mushrooms, Swiss",
    "mushroom burger|swiss burger", "gluten|dairy", "", "grp-temperature|grp-burger-extras|grp-remove|grp-side", 12, TRUE },
  { "burger-veggie", "burgers", "Black Bean Burger", 13.50, "House black bean patty, chipotle mayo",
    "veggie burger|bean burger", "gluten|egg", "vegetarian", "grp-burger-extras|grp-remove|grp-side", 11, TRUE },
  { "burger-chicken", "burgers", "Crispy Chicken Sandwich", 13.50, "Buttermilk chicken, slaw",
    "chicken sandwich|chicken burger", "gluten|dairy|egg", "", "grp-burger-extras|grp-remove|grp-side", 12, TRUE },
  { "burger-fish", "burgers", "Fish Sandwich", 14.00, "Beer-battered cod, tartar sauce",
    "fish burger|cod sandwich", "fish|gluten|egg", "", "grp-remove|grp-side", 12, FALSE },
  /* Mains */
  { "main-steak", "mains", "Ribeye Steak", 29.00, "12 oz ribeye, garlic butter",
    "steak|ribeye", "dairy", "gluten-free", "grp-temperature|grp-side", 20, TRUE },
  { "main-salmon", "mains", "Grilled Salmon", 24.00, "Lemon, dill, asparagus",
    "salmon", "fish", "gluten-free", "grp-side", 16, TRUE },
  { "main-chicken", "mains", "Roast Half Chicken", 19.50, "Herb jus",
    "roast chicken|half chicken", "", "gluten-free", "grp-side", 18, TRUE },
  { "main-pasta", "mains", "Shrimp Linguine", 21.00, "Garlic, chili, white wine",
    "linguine|shrimp pasta|pasta", "shellfish|gluten", "", "", 14, TRUE },
  { "main-risotto", "mains", "Mushroom Risotto", 18.00, "Parmesan, truffle oil",
    "risotto", "dairy", "vegetarian|gluten-free", "", 18, TRUE },
  { "main-fish-chips", "mains", "Fish & Chips", 17.50, "Cod, fries, mushy peas",
    "fish and chips|fish n chips", "fish|gluten", "", "", 14, TRUE },
  { "main-tacos", "mains", "Carnitas Tacos", 15.00, "Three tacos, pickled onion, salsa verde",
    "tacos|pork tacos", "", "gluten-free", "grp-remove", 10, TRUE },
  /* Bowls */
  { "bowl-soul", "bowls", "Soul Bowl", 14.00, "Greens, grains, roasted vegetables, tahini",
    "soul|soul bowl", "sesame", "vegan", "grp-protein|grp-base", 9, TRUE },
  { "bowl-poke", "bowls", "Salmon Poke Bowl", 16.50, "Raw salmon, rice, edamame, nori",
    "poke|poke bowl", "fish|soy|sesame", "", "grp-base", 8, TRUE },
  { "bowl-ramen", "bowls", "Miso Ramen", 15.50, "Pork broth, egg, scallion",
    "ramen|noodle soup", "gluten|soy|egg", "", "grp-protein", 12, TRUE },
  { "bowl-burrito", "bowls", "Burrito Bowl", 13.50, "Rice, beans, pico, guacamole",
    "burrito bowl", "", "gluten-free", "grp-protein|grp-base|grp-remove", 8, TRUE },
  { "bowl-caesar", "bowls", "Caesar Salad", 12.00, "Romaine, croutons, parmesan",
    "caesar|caesar salad|salad", "gluten|dairy|fish|egg", "", "grp-protein|grp-dressing", 6, TRUE },
  { "bowl-greek", "bowls", "Greek Salad", 12.50, "Feta, olives, cucumber",
    "greek salad", "dairy", "vegetarian|gluten-free", "grp-protein|grp-dressing", 6, TRUE },
  { "bowl-padthai", "bowls", "Pad Thai", 15.00, "Rice noodles, peanuts, lime",
    "pad thai|noodles", "peanut|soy|egg|fish", "", "grp-protein", 11, TRUE },
  /* Sides */
  { "side-fries", "sides", "French Fries", 4.50, "Sea salt",
    "fries|chips", "", "vegan", "grp-size", 5, TRUE },
  { "side-sweet-fries", "sides", "Sweet Potato Fries", 5.50, "Chipotle mayo",
    "sweet potato fries|sweet fries", "egg", "vegetarian", "grp-size", 5, TRUE },
  { "side-rings", "sides", "Onion Rings", 5.50, "Beer batter",
    "onion rings|rings", "gluten", "vegetarian", "", 6, TRUE },
  { "side-slaw", "sides", "Coleslaw", 3.50, "Creamy slaw",
    "slaw|coleslaw", "egg", "vegetarian|gluten-free", "", 2, TRUE },
  { "side-mac", "sides", "Mac & Cheese", 6.50, "Three cheeses",
    "mac and cheese|mac n cheese|mac", "gluten|dairy", "vegetarian", "", 7, TRUE },
  { "side-salad", "sides", "Side Salad", 4.00, "Greens, cucumber, tomato",
    "side salad|house salad", "", "vegan|gluten-free", "grp-dressing", 3, TRUE },
  /* Desserts */
  { "dessert-brownie", "desserts", "Chocolate Brownie", 7.00, "Warm, with chocolate sauce",
    "brownie", "gluten|dairy|egg|nuts", "vegetarian", "grp-topping", 5, TRUE },
  { "dessert-cheesecake", "desserts", "New York Cheesecake", 7.50, "Berry compote",
    "cheesecake", "gluten|dairy|egg", "vegetarian", "grp-topping", 3, TRUE },
  { "dessert-sundae", "desserts", "Ice Cream Sundae", 6.50, "Three scoops, hot fudge, peanuts",
    "sundae|ice cream", "dairy|peanut", "vegetarian|gluten-free", "", 4, TRUE },
  { "dessert-pie", "desserts", "Apple Pie", 6.50, "Cinnamon, flaky crust",
    "apple pie|pie", "gluten|dairy", "vegetarian", "grp-topping", 4, TRUE },
  { "dessert-sorbet", "desserts", "Mango Sorbet", 5.50, "Two scoops",
    "sorbet", "", "vegan|gluten-free", "", 2, TRUE },
  /* Drinks */
  { "drink-cola", "drinks", "Cola", 3.00, "Fountain",
    "coke|cola|soda", "", "vegan", "grp-size", 1, TRUE },
  { "drink-lemonade", "drinks", "House Lemonade", 4.00, "Fresh squeezed",
    "lemonade", "", "vegan", "grp-size", 2, TRUE },
  { "drink-iced-tea", "drinks", "Iced Tea", 3.50, "Unsweetened",
    "iced tea|tea", "", "vegan", "grp-size", 1, TRUE },
  { "drink-water", "drinks", "Sparkling Water", 2.50, "500 ml bottle",
    "water|sparkling|fizzy water", "", "vegan", "", 1, TRUE },
  { "drink-coffee", "drinks", "Coffee", 3.00, "Drip coffee",
    "coffee|drip", "", "vegan", "grp-milk", 2, TRUE },
  { "drink-latte", "drinks", "Latte", 4.50, "Double shot",
    "latte|cafe latte", "dairy", "vegetarian", "grp-milk|grp-size", 3, TRUE },
  { "drink-shake", "drinks", "Vanilla Milkshake", 6.00, "Whipped cream",
    "shake|milkshake|vanilla shake", "dairy", "vegetarian", "", 4, TRUE },
};

static const char * const modifications[GALLEY_DEMO_MOD_N_CLASSES][6] = {
  [GALLEY_DEMO_MOD_ALLERGY] = { "Nut allergy", "Gluten free please", "Dairy allergy",
                                "Shellfish allergy", "Celiac - no gluten", NULL },
  [GALLEY_DEMO_MOD_REMOVAL] = { "no onions", "without pickles", "hold the mayo", "no cheese",
                                "remove tomato", NULL },
  [GALLEY_DEMO_MOD_ADDITION] = { "extra cheese", "add bacon", "double patty", "extra sauce",
                                 "more ice", NULL },
  [GALLEY_DEMO_MOD_TEMPERATURE] = { "medium rare", "well done", "extra hot", "rare",
                                    "cold on the side", NULL },
  [GALLEY_DEMO_MOD_SUBSTITUTION] = { "sub fries for salad", "swap bun for lettuce wrap",
                                     "oat milk instead", "sub rice for quinoa", NULL, NULL },
  [GALLEY_DEMO_MOD_OTHER] = { "cut in half", "sauce on the side", "birthday candle",
                              "to share", NULL, NULL },
};

static const char * const customer_names[] = {
  "Alex Morgan", "Priya Shah", "Sam Okafor", "Jordan Lee", "Maria García", "Chen Wei",
  "Fatima Zahra", "Liam O'Brien", "Noah Fischer", "Aisha Bello", "Guest", "Yuki Tanaka",
  "Elena Petrova", "Mateo Rossi", "Hannah Schmidt", "Omar Haddad",
};

/**
 * galley_demo_menu_uuid:
 *
 * A stable UUID-shaped id derived from @namespace_ and @name, so the demo menu has the same
 * ids on every run.
 *
 * Returns: (transfer full): the id
 */
char *
galley_demo_menu_uuid (const char *namespace_,
                       const char *name)
{
  g_autofree char *key = g_strconcat (namespace_, ":", name, NULL);
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA1, key, -1);

  /* version 5 and RFC 4122 variant bits, so strict UUID checks accept it */
  return g_strdup_printf ("%.8s-%.4s-5%.3s-%c%.3s-%.12s", sha, sha + 8, sha + 13,
                          "89ab"[g_ascii_xdigit_value (sha[16]) & 3], sha + 17, sha + 20);
}

static void
set_take_string (JsonObject *object,
                 const char *member,
                 char       *value)
{
  json_object_set_string_member (object, member, value);
  g_free (value);
}

static JsonArray *
split_to_array (const char *list)
{
  JsonArray *array = json_array_new ();
  g_auto (GStrv) parts = NULL;

  if (list == NULL || *list == '\0')
    return array;

  parts = g_strsplit (list, "|", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    json_array_add_string_element (array, parts[i]);

  return array;
}

static const Group *
find_group (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    if (strcmp (groups[i].id, id) == 0)
      return &groups[i];

  return NULL;
}

static JsonObject *
group_to_json (const Group *group)
{
  JsonObject *object = json_object_new ();
  JsonArray *options = json_array_new ();

  json_object_set_string_member (object, "id", group->id);
  json_object_set_string_member (object, "name", group->name);
  json_object_set_boolean_member (object, "required", group->required);
  json_object_set_int_member (object, "min", group->min);
  json_object_set_int_member (object, "max", group->max);
  for (const Option *o = group->options; o->id != NULL; o++)
    {
      JsonObject *option = json_object_new ();

      json_object_set_string_member (option, "id", o->id);
      json_object_set_string_member (option, "name", o->name);
      json_object_set_double_member (option, "price", o->price);
      json_array_add_object_element (options, option);
    }
  json_object_set_array_member (object, "options", options);

  return object;
}

/**
 * galley_demo_menu_build_categories:
 *
 * Returns: (transfer full): the categories, in display order
 */
JsonArray *
galley_demo_menu_build_categories (void)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    {
      JsonObject *object = json_object_new ();

      set_take_string (object, "id", galley_demo_menu_uuid ("category", categories[i].slug));
      json_object_set_string_member (object, "name", categories[i].name);
      json_object_set_string_member (object, "slug", categories[i].slug);
      json_object_set_string_member (object, "description", categories[i].description);
      json_object_set_int_member (object, "display_order", i + 1);
      json_object_set_boolean_member (object, "active", TRUE);
      json_array_add_object_element (array, object);
    }

  return array;
}

static int
compare_item_names (gconstpointer a,
                    gconstpointer b)
{
  const Item *ia = *(const Item * const *) a;
  const Item *ib = *(const Item * const *) b;

  return g_utf8_collate (ia->name, ib->name);
}

/**
 * galley_demo_menu_build_items:
 * @updated_us: the items' updated_at, for the availability update's staleness check
 *
 * Returns: (transfer full): the items, sorted by name as the server sorts them
 */
JsonArray *
galley_demo_menu_build_items (gint64 updated_us)
{
  JsonArray *array = json_array_new ();
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  g_autofree char *updated = galley_time_format_db (updated_us);

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    g_ptr_array_add (sorted, (gpointer) &items[i]);
  g_ptr_array_sort (sorted, compare_item_names);

  for (guint i = 0; i < sorted->len; i++)
    {
      const Item *item = g_ptr_array_index (sorted, i);
      JsonObject *object = json_object_new ();
      JsonArray *modifiers = json_array_new ();
      g_auto (GStrv) group_ids = g_strsplit (item->groups, "|", -1);

      for (guint g = 0; group_ids[g] != NULL; g++)
        {
          const Group *group;

          if (*group_ids[g] == '\0')
            continue;
          group = find_group (group_ids[g]);
          g_assert (group != NULL);
          json_array_add_object_element (modifiers, group_to_json (group));
        }

      json_object_set_string_member (object, "id", item->id);
      set_take_string (object, "menu_item_id", galley_demo_menu_uuid ("item", item->id));
      set_take_string (object, "category_id", galley_demo_menu_uuid ("category", item->category));
      json_object_set_string_member (object, "name", item->name);
      json_object_set_string_member (object, "description", item->description);
      json_object_set_double_member (object, "price", item->price);
      json_object_set_boolean_member (object, "active", TRUE);
      json_object_set_boolean_member (object, "available", item->available);
      json_object_set_array_member (object, "dietary_flags", split_to_array (item->dietary));
      json_object_set_array_member (object, "aliases", split_to_array (item->aliases));
      json_object_set_array_member (object, "allergens", split_to_array (item->allergens));
      json_object_set_array_member (object, "modifiers", modifiers);
      json_object_set_int_member (object, "prep_time_minutes", item->prep_minutes);
      json_object_set_string_member (object, "updated_at", updated);
      json_array_add_object_element (array, object);
    }

  return array;
}

const char *
galley_demo_menu_modification (GalleyDemoModClass cls,
                               guint              index)
{
  g_return_val_if_fail (cls < GALLEY_DEMO_MOD_N_CLASSES, NULL);
  g_return_val_if_fail (index < galley_demo_menu_n_modifications (cls), NULL);

  return modifications[cls][index];
}

guint
galley_demo_menu_n_modifications (GalleyDemoModClass cls)
{
  guint n = 0;

  g_return_val_if_fail (cls < GALLEY_DEMO_MOD_N_CLASSES, 0);

  while (n < G_N_ELEMENTS (modifications[cls]) && modifications[cls][n] != NULL)
    n++;

  return n;
}

const char *
galley_demo_menu_customer_name (guint index)
{
  return customer_names[index % G_N_ELEMENTS (customer_names)];
}

guint
galley_demo_menu_n_customer_names (void)
{
  return G_N_ELEMENTS (customer_names);
}
