package dev.podpath.gui.layout;

/** A point in layout units. */
public record Point(double x, double y) {}
