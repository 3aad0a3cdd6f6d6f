/* SPDX-License-Identifier: MIT */
/* Build-time tool: turn the Dutch word list into the dictionary table that
 * lexicon_image.c links into the library.
 *
 *   accsearch-dict OUT [WORDLIST]
 *
 * Without a readable word list it writes a table the library does not
 * take, and the library then reads the word list at run time as before. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "lexicon.h"

/* This program runs before there is a table to link: lexicon.c finds no
 * magic here and builds its own. */
const uint32_t accsi_dict_nl_image[6] = {0};

int
main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: %s OUT [WORDLIST]\n", argv[0]);
        return 2;
    }
    const char *list = argc == 3 ? argv[2] : ACCSI_DICT_NL_DEFAULT;
    accsi_buf image;
    accsi_buf_init(&image);
    if (access(list, R_OK) != 0) {
        fprintf(stderr, "accsearch-dict: no word list at %s: the library will "
                        "read one at run time\n", list);
        accsi_buf_add(&image, accsi_dict_nl_image, sizeof accsi_dict_nl_image);
    } else if (accsi_lexicon_dutch_image(list, &image) != ACCS_OK) {
        fprintf(stderr, "accsearch-dict: cannot build the table from %s\n", list);
        accsi_buf_free(&image);
        return 1;
    }
    FILE *f = fopen(argv[1], "wb");
    int ok = f && fwrite(image.data, 1, image.len, f) == image.len;
    if (f && fclose(f) != 0)
        ok = 0;
    accsi_buf_free(&image);
    if (!ok) {
        fprintf(stderr, "accsearch-dict: cannot write %s\n", argv[1]);
        remove(argv[1]);
        return 1;
    }
    return 0;
}
