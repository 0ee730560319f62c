/**
 * Reading untrusted input files safely: only regular files are opened (a FIFO would block
 * forever), sizes are checked before anything is allocated, and zip entries inflate no further
 * than they declare. Every decoder of user files starts here.
 */
package insitu.io;
