package io.emporium.distributed.broken.service;

/** Deliberately beside a main class (ServiceClassChecksTest): its component scan would pick this up. */
public class Helper {
}
