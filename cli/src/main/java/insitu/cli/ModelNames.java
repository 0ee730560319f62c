package insitu.cli;

/** How the commands' help names the models known by name (kept in step with {@code ModelCatalog.VALID} by a test). */
final class ModelNames {
  private ModelNames() {}

  static final String HELP = "a model by name: built in, untrained (paper-cnn, paper-convlstm) or from the zoo, trained (paper-cnn-trained,"
      + " lenet5-mnist, lenet5-fashion, dscnn-mnist, resnet-mnist); 'insitu models' lists them";
}
