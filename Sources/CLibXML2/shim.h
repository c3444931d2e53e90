// Debian's libxml2 is built with ICU, and then encoding.h includes ICU's headers, whose UErrorCode clashes
// with Foundation's bundled ICU (_FoundationICU) when both meet in one compilation (release builds).
// Hiding ICU only drops two trailing pointer fields of xmlCharEncodingHandler, which Swift never touches.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
