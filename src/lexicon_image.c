/* SPDX-License-Identifier: MIT */
/* The Dutch dictionary table made at build time (see lexicon.c and
 * lexicon_build.c), linked into the library as it is: the assembler copies
 * the file ACCSI_DICT_IMAGE_FILE into read-only data, so it costs no
 * compiling and no work at run time; its pages are read as lookups touch
 * them. */
#ifndef ACCSI_DICT_IMAGE_FILE
#error "ACCSI_DICT_IMAGE_FILE names the table file the build made"
#endif

__asm__(".section .rodata\n"
        ".balign 64\n"
        ".globl accsi_dict_nl_image\n"
        ".hidden accsi_dict_nl_image\n"
        ".type accsi_dict_nl_image, @object\n"
        "accsi_dict_nl_image:\n"
        ".incbin \"" ACCSI_DICT_IMAGE_FILE "\"\n"
        ".size accsi_dict_nl_image, . - accsi_dict_nl_image\n"
        ".previous\n");
