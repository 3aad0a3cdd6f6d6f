# Turn a data file into a C source file defining
#   const char accsi_data_<NAME>[] and const size_t accsi_data_<NAME>_len,
# so that word lists ship inside the library.  Run as a script:
#   cmake -DINPUT=... -DOUTPUT=... -DNAME=... -P Embed.cmake
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" hex_len)
math(EXPR n_bytes "${hex_len} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" body "${body}")
file(WRITE "${OUTPUT}" "/* Generated from ${NAME} by cmake/Embed.cmake; do not edit. */\n#include <stddef.h>\nextern const char accsi_data_${NAME}[];\nextern const size_t accsi_data_${NAME}_len;\nconst char accsi_data_${NAME}[] = {\n${body}0x00};\nconst size_t accsi_data_${NAME}_len = ${n_bytes};\n")
