package io.example.undescribed;

public class Lost {
}
