/**
 * Files in and out. Untrusted input files are read safely: only regular files are opened (a FIFO would block
 * forever), sizes are checked before anything is allocated, and zip entries inflate no further
 * than they declare. Every decoder of user files starts here, and every file the tools write for
 * the user appears whole or not at all ({@link insitu.io.AtomicFiles}).
 */
package insitu.io;
