package io.example.described;

public class Fine {
}
