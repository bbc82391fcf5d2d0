package io.example.empty;

public class Blank {
}
