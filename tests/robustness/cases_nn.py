"""Good arguments of mathdl.nn for tests/test_robustness.py."""

import numpy as np

from mathdl import nn
from mathdl.optim import SGD
from robustness import case

X2 = np.random.default_rng(0).normal(size=(4, 3))  # a batch of 4 samples
X4 = np.random.default_rng(1).normal(size=(2, 2, 4, 4))  # 2 images, 2 channels
Y = np.array([0, 1, 1, 0])


def forward_with(x):
    """A _setup that runs forward once, so that backward has a cache."""
    return lambda layer: layer.forward(x)


def _model():
    return nn.Sequential(nn.Dense(3, 4, rng=0), nn.Tanh(), nn.Dense(4, 2, rng=1))


def _cols():
    return nn.im2col(X4, 2)


#: Output shapes of the layers on X2 / X4, for the backward declarations.
G2 = np.ones((4, 3))
G_DENSE = np.ones((4, 2))

CASES = {
    # functions
    "sigmoid": case(x=X2, _kinds={"x": "inf-array"}),
    "softmax": case(x=X2, axis=-1, _kinds={"x": "inf-array"}),
    "log_softmax": case(x=X2, axis=-1, _kinds={"x": "inf-array"}),
    "im2col": case(x=X4, kernel_size=2, stride=1, padding=0),
    "unfold": case(x=X4, kernel_size=2, stride=1, padding=0),
    "col2im": case(
        cols=nn.im2col(X4, 2),
        input_shape=X4.shape,
        kernel_size=2,
        _kinds={"cols": "shaped"},
    ),
    "fold": case(
        cols=nn.unfold(X4, 2),
        input_shape=X4.shape,
        kernel_size=2,
        _kinds={"cols": "shaped"},
    ),
    "l2_penalty": case(parameters=[nn.Parameter(np.ones(3))], lam=0.1),
    "gradient_check": case(
        model=nn.Dense(3, 2, rng=0),
        loss=nn.CrossEntropyLoss(),
        x=X2,
        y=np.array([0, 1, 1, 0]),
        eps=1e-6,
        _kinds={"y": "shaped"},
    ),
    "fit": case(
        model=nn.Dense(3, 2, rng=0),
        loss=nn.CrossEntropyLoss(),
        optimizer=SGD(nn.Dense(3, 2, rng=0).parameters(), lr=0.1),
        X=X2,
        y=Y,
        epochs=2,
        batch_size=2,
        rng=0,
        validation=(X2, Y),
        _kinds={"y": "shaped"},
    ),
    "predict": case(model=_model(), X=X2),
    "predict_proba": case(model=_model(), X=X2),
    # classes
    "Parameter": case(data=np.ones((2, 3)), name="w"),
    "History": case(
        loss=[1.0],
        accuracy=[0.5],
        val_loss=[1.0],
        val_accuracy=[0.5],
        # Lists of numbers: try the bad values of an array, not just None.
        _kinds=dict.fromkeys(("loss", "accuracy", "val_loss", "val_accuracy"), "array"),
    ),
    "Layer.forward": case(x=X2, _abstract=True),
    # The base class knows no output shape: any shape passes to the subclass.
    "Layer.backward": case(
        grad_out=G2, input_grad=True, _abstract=True, _kinds={"grad_out": "array"}
    ),
    "Layer.train": case(mode=False),
    "Dense": case(in_features=3, out_features=2, rng=0, init="he"),
    "Dense.forward": case(x=X2),
    "Dense.backward": case(grad_out=G_DENSE, _setup=forward_with(X2)),
    "Sigmoid.forward": case(x=X2, _kinds={"x": "inf-array"}),
    "Sigmoid.backward": case(grad_out=G2, _setup=forward_with(X2)),
    "Tanh.forward": case(x=X2),
    "Tanh.backward": case(grad_out=G2, _setup=forward_with(X2)),
    "ReLU.forward": case(x=X2),
    "ReLU.backward": case(grad_out=G2, _setup=forward_with(X2)),
    "LeakyReLU": case(negative_slope=0.1),
    "LeakyReLU.forward": case(x=X2),
    "LeakyReLU.backward": case(grad_out=G2, _setup=forward_with(X2)),
    "Softmax.forward": case(x=X2, _kinds={"x": "inf-array"}),
    "Softmax.backward": case(grad_out=G2, _setup=forward_with(X2)),
    "Conv2D": case(in_channels=2, out_channels=3, kernel_size=2, rng=0),
    "Conv2D.forward": case(x=X4),
    "Conv2D.backward": case(grad_out=np.ones((2, 3, 3, 3)), _setup=forward_with(X4)),
    "MaxPool2D": case(kernel_size=2, stride=2),
    "MaxPool2D.forward": case(x=X4),
    "MaxPool2D.backward": case(grad_out=np.ones((2, 2, 2, 2)), _setup=forward_with(X4)),
    "AvgPool2D": case(kernel_size=2, stride=2),
    "AvgPool2D.forward": case(x=X4),
    "AvgPool2D.backward": case(grad_out=np.ones((2, 2, 2, 2)), _setup=forward_with(X4)),
    "Flatten.forward": case(x=X4),
    "Flatten.backward": case(grad_out=np.ones((2, 32)), _setup=forward_with(X4)),
    "Dropout": case(p=0.5, rng=0),
    "Dropout.forward": case(x=X2),
    "Dropout.backward": case(grad_out=G2, _setup=forward_with(X2)),
    "Sequential": case(layers=(nn.Dense(3, 2, rng=0), nn.ReLU())),
    "Sequential.forward": case(x=X2),
    "Sequential.backward": case(grad_out=G_DENSE, _setup=forward_with(X2)),
    "Sequential.train": case(mode=False),
    "Sequential.summary": case(input_shape=(4, 3)),
    "Loss.forward": case(prediction=G_DENSE, target=Y, _abstract=True),
    "MSELoss.forward": case(
        prediction=G_DENSE, target=np.zeros((4, 2)), _kinds={"target": "shaped"}
    ),
    "CrossEntropyLoss.forward": case(
        prediction=G_DENSE, target=Y, _kinds={"target": "shaped"}
    ),
    "BinaryCrossEntropyLoss.forward": case(
        prediction=np.zeros(4),
        target=np.array([0.0, 1.0, 1.0, 0.0]),
        _kinds={"target": "shaped"},
    ),
}
