package io.emporium.distributed;

import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Checks of the services' main classes (decision 0016), on classes imported by ArchUnit without loading them. A
 * service's main class is the only class of its package {@code <module package>.service}, so that its component scan
 * finds nothing; it scans nothing else and imports exactly the platform's configuration and its module's one
 * configuration (decision 0001); and it starts through {@code ServiceLauncher}, which makes Spring read
 * {@code <name>.yml} instead of an {@code application.yml} another jar on the classpath could hide. Each problem is
 * one sentence; an empty list means every check passed.
 */
final class ServiceClassChecks {

    static final String SPRING_BOOT_APPLICATION = "org.springframework.boot.autoconfigure.SpringBootApplication";
    static final String COMPONENT_SCAN = "org.springframework.context.annotation.ComponentScan";
    static final String IMPORT = "org.springframework.context.annotation.Import";
    static final String PLATFORM = "io.emporium.platform.PlatformConfiguration";
    static final String LAUNCHER = "io.emporium.platform.service.ServiceLauncher";

    private ServiceClassChecks() {
    }

    /** The main classes among {@code classes}: those annotated {@code @SpringBootApplication}. */
    static List<JavaClass> mainClasses(JavaClasses classes) {
        return classes.stream().filter(c -> c.isAnnotatedWith(SPRING_BOOT_APPLICATION)).toList();
    }

    static List<String> problems(JavaClasses classes) {
        List<String> problems = new ArrayList<>();
        for (JavaClass main : mainClasses(classes)) {
            String name = main.getSimpleName();
            String pkg = main.getPackageName();
            if (!pkg.endsWith(".service")) {
                problems.add(name + " is not in a package <module>.service");
            }
            classes.stream()
                   // package-info describes the package; it is no component.
                   .filter(other -> other.getPackageName().equals(pkg) && other.isTopLevelClass() && !other.equals(main)
                           && !other.getSimpleName().equals("package-info"))
                   .forEach(other -> problems.add(name + " shares its package with " + other.getSimpleName()
                           + ", which its component scan would pick up"));
            JavaAnnotation<JavaClass> boot = main.getAnnotationOfType(SPRING_BOOT_APPLICATION);
            if (nonEmpty(boot.get("scanBasePackages")) || nonEmpty(boot.get("scanBasePackageClasses"))) {
                problems.add(name + " scans packages beyond its own");
            }
            if (main.isAnnotatedWith(COMPONENT_SCAN)) {
                problems.add(name + " declares a component scan");
            }
            List<String> imports = main.tryGetAnnotationOfType(IMPORT)
                    .flatMap(annotation -> annotation.get("value"))
                    .map(value -> Arrays.stream((Object[]) value).map(c -> ((JavaClass) c).getName()).toList())
                    .orElse(List.of());
            String module = pkg.endsWith(".service") ? pkg.substring(0, pkg.length() - ".service".length()) : pkg;
            List<String> moduleConfigurations = imports.stream().filter(i -> !i.equals(PLATFORM)).toList();
            if (!imports.contains(PLATFORM)) {
                problems.add(name + " does not import PlatformConfiguration");
            }
            if (moduleConfigurations.size() != 1
                    || !moduleConfigurations.get(0).substring(0, moduleConfigurations.get(0).lastIndexOf('.'))
                                            .equals(module)) {
                problems.add(name + " imports " + moduleConfigurations + " instead of its module's one configuration");
            }
            boolean launched = main.getMethods().stream()
                    .filter(method -> method.getName().equals("main"))
                    .flatMap(method -> method.getMethodCallsFromSelf().stream())
                    .map(JavaMethodCall::getTargetOwner)
                    .anyMatch(owner -> owner.getName().equals(LAUNCHER));
            if (!launched) {
                problems.add(name + " does not start through ServiceLauncher (its own settings file)");
            }
        }
        return problems;
    }

    private static boolean nonEmpty(Optional<Object> value) {
        return value.map(v -> v instanceof Object[] array && array.length > 0).orElse(false);
    }
}
