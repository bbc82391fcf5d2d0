package io.emporium.architecture.broken.inventory;

public class Stock {
    public int available() {
        return 0;
    }
}
